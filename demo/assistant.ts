// A small service that calls the OpenAI API without handling its errors.
import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  // Unprotected: a rate limit or an expired key rejects this promise with nobody to catch it.
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}

export async function moderate(input: string): Promise<boolean> {
  try {
    const result = await client.moderations.create({ input });
    return result.results[0]?.flagged ?? false;
  } catch (err) {
    if (err instanceof OpenAI.APIError) {
      console.error(`moderation failed: ${err.status} ${err.message}`);
    }
    throw err;
  }
}

// Hover the message below to see what it means and what to do.
const lastFailure = '429 You exceeded your current quota, please check your plan and billing details.';
console.log(lastFailure);
