import * as assert from 'node:assert/strict';
import { builtinCatalog, explainText, isAboutOpenAI, mentionsOpenAI } from '../../../src/core/catalog';
import { readExamples } from './fixtures';

describe('catalog matcher', () => {
  const examples = readExamples('examples.json');

  describe('real messages explain themselves', () => {
    for (const [id, texts] of Object.entries(examples)) {
      for (const text of texts) {
        it(`${id}: ${text.slice(0, 70)}`, () => {
          const matches = explainText(text);
          assert.ok(matches.length > 0, 'no match');
          assert.equal(matches[0].id, id, `best match is ${matches[0].id} (${matches[0].kind} "${matches[0].text}")`);
        });
      }
    }
  });

  it('has real examples for every built-in entry', () => {
    const missing = builtinCatalog().entries.map((entry) => entry.id).filter((id) => !examples[id]?.length);
    assert.deepEqual(missing, []);
  });

  describe('precision traps give nothing', () => {
    const traps = readExamples('traps.json');
    for (const text of traps.none) {
      it(text, () => assert.deepEqual(explainText(text).map((match) => `${match.id} ${match.kind} ${match.text}`), []));
    }
    for (const text of traps.noneEvenAboutOpenAI) {
      it(`${text} (in a document about OpenAI)`, () => {
        assert.deepEqual(explainText(text, builtinCatalog(), { mentionsOpenAI: true }).map((match) => `${match.id} ${match.kind} ${match.text}`), []);
      });
    }
  });

  describe('ranking', () => {
    const pythonRepr = "openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}";

    it('orders code, phrase, type, exception class, bare status', () => {
      const text = "openai.BadRequestError: Error code: 400 - {'error': {'message': \"This model's maximum context length is 8192 tokens\", 'type': 'invalid_request_error', 'code': 'context_length_exceeded'}}";
      assert.deepEqual(explainText(text).map((match) => [match.kind, match.id]), [
        ['code', 'context-length-exceeded'],
        ['phrase', 'context-length-exceeded'],
        ['type', 'invalid-request'],
        ['exception', 'invalid-request'],
        ['status', 'invalid-request'],
      ]);
    });

    it('reads the Python 1.x repr form: code beats the class and the status', () => {
      const matches = explainText(pythonRepr);
      assert.equal(matches[0].id, 'insufficient-quota');
      assert.equal(matches[0].kind, 'code');
      assert.equal(matches[0].code, 'insufficient_quota');
      assert.equal(matches[0].status, 429);
      assert.ok(matches.some((match) => match.kind === 'exception' && match.id === 'rate-limit-or-quota'));
      assert.ok(matches.some((match) => match.kind === 'status' && match.text === 'Error code: 429'));
    });

    it('reads JSON bodies', () => {
      const json = '{"error": {"message": "Rate limit reached for gpt-4o in organization org-1 on requests per min (RPM): Limit 500", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}';
      const [best] = explainText(json);
      assert.equal(best.id, 'rate-limit');
      assert.equal(best.code, 'rate_limit_exceeded');
    });

    it('settles a code shared by entries with the message next to it', () => {
      const tooLarge = '{"message": "Request too large for gpt-4 in organization org-1 on tokens per min (TPM): Limit 10000, Requested 20000.", "code": "rate_limit_exceeded"}';
      assert.equal(explainText(tooLarge)[0].id, 'request-too-large');
      assert.equal(explainText('{"code": "rate_limit_exceeded"}')[0].id, 'rate-limit');
    });

    it('lets the status narrow a 5xx family class', () => {
      assert.equal(explainText('openai.InternalServerError: Error code: 502')[0].id, 'bad-gateway');
      assert.equal(explainText('openai.InternalServerError: Error code: 500')[0].id, 'server-error');
      assert.equal(explainText('openai.InternalServerError: boom')[0].id, 'server-error');
    });

    it('reads the 0.x form and the Node and axios forms', () => {
      assert.equal(explainText('openai.error.RateLimitError: boom')[0].id, 'rate-limit-or-quota');
      assert.equal(explainText('openai.error.Timeout: Request timed out')[0].id, 'timeout');
      assert.equal(explainText('Error: 429 Rate limit reached for gpt-4o in organization org-x on tokens per min')[0].id, 'rate-limit');
      assert.equal(explainText('AxiosError: Request failed with status code 401', builtinCatalog(), { mentionsOpenAI: true })[0].id, 'invalid-authentication');
    });
  });

  describe('context', () => {
    it('counts bare class names and everyday phrases only near a mention of OpenAI', () => {
      assert.deepEqual(explainText('except RateLimitError:'), []);
      assert.equal(explainText('except RateLimitError:', builtinCatalog(), { mentionsOpenAI: true })[0].id, 'rate-limit-or-quota');
      assert.deepEqual(explainText('Connection error.'), []);
      assert.equal(explainText('Connection error.', builtinCatalog(), { mentionsOpenAI: true })[0].id, 'connection-error');
    });

    it('never counts another library\'s qualified class', () => {
      assert.deepEqual(explainText('anthropic.RateLimitError (we also use openai)'), []);
    });

    it('never counts Python built-ins and plain words as 0.x classes', () => {
      assert.deepEqual(explainText('openai import failed: PermissionError, Timeout, TryAgain'), []);
    });

    it('tells whether a text mentions OpenAI', () => {
      assert.equal(mentionsOpenAI('import openai'), true);
      assert.equal(mentionsOpenAI('POST /v1/chat/completions 429'), true);
      assert.equal(mentionsOpenAI('TimeoutError: ChatGPT timed out waiting for response'), true);
      assert.equal(mentionsOpenAI('import requests'), false);
    });

    it('explains a bare status only with OpenAI evidence in the line or the document', () => {
      const line = 'Error: Request failed with status code 429';
      assert.deepEqual(explainText(line), []);
      assert.equal(explainText(line, builtinCatalog(), { mentionsOpenAI: true })[0].id, 'rate-limit-or-quota');
      assert.equal(explainText(`${line}\n    at createError (/app/node_modules/openai/node_modules/axios/lib/core/createError.js:16:15)`)[0].id, 'rate-limit-or-quota');
    });

    it('ignores bare statuses and classes on a line that names another provider, even in an OpenAI document', () => {
      const anthropic = 'anthropic.RateLimitError: Error code: 429 - {"type": "error", "error": {"type": "rate_limit_error"}}';
      assert.deepEqual(explainText(anthropic, builtinCatalog(), { mentionsOpenAI: true }), []);
      assert.deepEqual(explainText('google.api_core.exceptions.ResourceExhausted: 429 Resource has been exhausted', builtinCatalog(), { mentionsOpenAI: true }), []);
      assert.equal(explainText('openai.RateLimitError: Error code: 429 (model claude-3 via a gateway)', builtinCatalog(), { mentionsOpenAI: true })[0].id, 'rate-limit-or-quota');
    });

    it('reads a missing key in an axios config dump', () => {
      assert.equal(explainText("      Authorization: 'Bearer undefined',", builtinCatalog(), { mentionsOpenAI: true })[0].id, 'missing-api-key');
      assert.deepEqual(explainText("      Authorization: 'Bearer undefined',"), []);
    });

    it('explains timeouts and lost connections whichever SDK raised them', () => {
      assert.equal(explainText('APIConnectionTimeoutError: Request timed out.')[0].id, 'timeout');
      assert.equal(explainText("APIConnectionError('Connection error.')")[0].id, 'connection-error');
      assert.equal(explainText('  API Error (Request timed out.) · Retrying in 4 seconds… (attempt 4/10)')[0].id, 'timeout');
    });

    it('counts a document as about OpenAI when it names OpenAI or holds an OpenAI-only error text', () => {
      assert.equal(isAboutOpenAI('"code": "server_is_overloaded"'), true);
      assert.equal(isAboutOpenAI('You exceeded your current quota, please check your plan and billing details.'), true);
      assert.equal(isAboutOpenAI('Error: Request failed with status code 429'), false);
      assert.equal(explainText('Our servers are currently overloaded. Please try again later.', builtinCatalog(), { mentionsOpenAI: isAboutOpenAI('"code": "server_is_overloaded"') })[0].id, 'engine-overloaded');
    });
  });

  describe('the most specific cause wins', () => {
    const proxied = "openai.error.APIConnectionError: Error communicating with OpenAI: HTTPSConnectionPool(host='api.openai.com', port=443): Max retries exceeded with url: /v1/embeddings (Caused by ProxyError('Unable to connect to proxy', SSLError(SSLEOFError(8, 'EOF occurred in violation of protocol (_ssl.c:997)'))))";

    it('ranks a wrapper\'s words below the cause they carry', () => {
      const matches = explainText(proxied);
      assert.deepEqual([matches[0].kind, matches[0].id], ['phrase', 'proxy-error']);
      const firstWrapper = matches.findIndex((match) => match.kind === 'wrapper');
      assert.equal(matches[firstWrapper].id, 'connection-error');
      assert.ok(matches.slice(0, firstWrapper).some((match) => match.id === 'tls-error'), 'the TLS cause ranks above the wrapper too');
      assert.equal(explainText('openai.error.APIConnectionError: Error communicating with OpenAI: "Rate limit reached for requests"')[0].id, 'rate-limit');
    });

    it('prefers the more specific entry where two mentions start at the same place', () => {
      assert.equal(explainText('request to https://api.openai.com/v1/chat/completions failed, reason: read ECONNRESET 127.0.0.1:7891')[0].id, 'proxy-error');
      assert.equal(explainText('request to https://api.openai.com/v1/chat/completions failed, reason: getaddrinfo ENOTFOUND proxy-server')[0].id, 'proxy-error');
      assert.equal(explainText('request to https://api.openai.com/v1/chat/completions failed, reason: getaddrinfo ENOTFOUND api.openai.com')[0].id, 'dns-error');
    });

    it('takes the status of a 5xx family class from the text, also for Python 0.x APIError', () => {
      assert.equal(explainText('openai.error.APIError: HTTP code 502 from API (<!DOCTYPE html>')[0].id, 'bad-gateway');
      assert.equal(explainText('<title>api.openai.com | 524: A timeout occurred</title>')[0].id, 'gateway-timeout');
    });

    it('explains a bare RateLimitError or 429 as either a rate limit or an exhausted quota, and the message decides', () => {
      assert.equal(explainText('openai.RateLimitError: Error code: 429')[0].id, 'rate-limit-or-quota');
      assert.equal(explainText('RateLimitError: 429 Rate limit reached for requests')[0].id, 'rate-limit');
      assert.equal(explainText('RateLimitError: 429 You exceeded your current quota, please check your plan and billing details.')[0].id, 'insufficient-quota');
      const entry = builtinCatalog().get('rate-limit-or-quota');
      assert.equal(entry?.retryable, false);
    });
  });

  describe('positions', () => {
    it('gives zero-based lines and UTF-16 characters', () => {
      const text = 'line one\n  ✓ 한글 openai.APITimeoutError here';
      const [match] = explainText(text);
      assert.equal(match.id, 'timeout');
      assert.deepEqual(match.start, { line: 1, character: 7 });
      assert.deepEqual(match.end, { line: 1, character: 7 + 'openai.APITimeoutError'.length });
      assert.equal(text.slice(match.startOffset, match.endOffset), 'openai.APITimeoutError');
      assert.equal(match.text, 'openai.APITimeoutError');
    });

    it('merges overlapping status forms into one mention', () => {
      const matches = explainText('HTTP 503 Service Unavailable', builtinCatalog(), { mentionsOpenAI: true });
      assert.equal(matches.length, 1);
      assert.equal(matches[0].text, 'HTTP 503 Service Unavailable');
    });

    it('finds every mention in a multi-line log', () => {
      const log = 'a openai.APIConnectionError\nb {"code": "invalid_api_key"}\nc HTTP 503';
      assert.deepEqual(explainText(log).map((match) => [match.id, match.start.line]), [
        ['incorrect-api-key', 1],
        ['connection-error', 0],
        ['service-unavailable', 2],
      ]);
    });

    it('masks an unmasked API key in the quoted text', () => {
      const [match] = explainText('Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789Q9z1 in openai');
      assert.equal(match.id, 'incorrect-api-key');
      assert.equal(match.text, 'Incorrect API key provided: sk-…Q9z1');
    });

    it('rejects a status whose reason phrase belongs to another status', () => {
      assert.deepEqual(explainText('429 Not Found', builtinCatalog(), { mentionsOpenAI: true }), []);
    });
  });
});
