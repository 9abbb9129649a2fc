import * as assert from 'node:assert/strict';
import { isInStringOrComment, isProseLanguage } from '../../../src/core/catalog/lineRegion';

/** The answer at the first character of `needle` in `line`. */
function at(line: string, needle: string, languageId: string): boolean {
  const index = line.indexOf(needle);
  assert.ok(index >= 0, needle);
  return isInStringOrComment(line, index, languageId);
}

describe('string and comment detection for the hover', () => {
  it('finds strings in Python and JS, with escapes and both quote kinds', () => {
    assert.equal(at('x = "openai.RateLimitError: 429"', 'RateLimit', 'python'), true);
    assert.equal(at("x = 'it\\'s a 429' + y", '429', 'python'), true);
    assert.equal(at("x = 'done' + RateLimitError", 'RateLimitError', 'python'), false);
    assert.equal(at('const m = `429 ${code}`;', '429', 'typescript'), true);
  });

  it('finds line and block comments by language', () => {
    assert.equal(at('retry()  # after a RateLimitError', 'RateLimitError', 'python'), true);
    assert.equal(at('retry(); // after a RateLimitError', 'RateLimitError', 'javascript'), true);
    assert.equal(at('a /* 429 */ b429', 'b429', 'javascript'), false);
    assert.equal(at('a /* 429 */ b', '429', 'javascript'), true);
    assert.equal(at(' * @throws OpenAI.RateLimitError', 'OpenAI', 'typescript'), true);
    assert.equal(at('x = 1 // not a comment in Python', 'not', 'python'), false);
    assert.equal(at('url = "http://x#y"; err', 'err', 'python'), false);
  });

  it('treats code outside strings and comments as code', () => {
    assert.equal(at('except openai.RateLimitError as e:', 'RateLimitError', 'python'), false);
    assert.equal(at('} catch (e) { if (e instanceof OpenAI.RateLimitError) {}', 'RateLimitError', 'typescript'), false);
  });

  it('knows the prose languages', () => {
    assert.equal(isProseLanguage('log'), true);
    assert.equal(isProseLanguage('plaintext'), true);
    assert.equal(isProseLanguage('python'), false);
  });
});
