"""A small script that calls the OpenAI API the way many projects do: without handling its errors."""
import openai
from openai import OpenAI

client = OpenAI()


def summarize(text: str) -> str:
    # Unprotected: a 429, a timeout or a revoked key ends the program with a stack trace.
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Summarize: {text}"}],
    )
    return response.choices[0].message.content or ""


def embed(texts: list[str]) -> list[list[float]]:
    try:
        result = client.embeddings.create(model="text-embedding-3-small", input=texts)
    except openai.RateLimitError:
        # Only rate limits are handled: timeouts and auth errors still escape.
        raise
    return [item.embedding for item in result.data]


def stream_answer(question: str) -> None:
    stream = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
        stream=True,
    )
    for chunk in stream:
        print(chunk.choices[0].delta.content or "", end="")


if __name__ == "__main__":
    print(summarize("OpenAI Error Guard finds calls like this one."))
    # Hover this message to see what it means:
    # openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}
