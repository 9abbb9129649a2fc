// Which method names the index follows on receivers it cannot type, and which files it takes for tests.
import * as assert from 'node:assert/strict';
import { isDuckTyped } from '../../../src/core/workspace/summary';
import { isTestFile } from '../../../src/core/workspace/workspaceIndex';

describe('workspace: methods followed on receivers of unknown type', () => {
  it('follows names of three words or more, in camelCase or snake_case', () => {
    for (const name of ['streamGetChatCompletion', 'getChatCompletion', 'generate_chat_response', 'invokeResponseAPI', 'handleHTTPRequestNow']) {
      assert.equal(isDuckTyped(name), true, name);
    }
  });

  it('leaves shorter names, which unrelated classes share, and private ones, called through self or this', () => {
    for (const name of ['complete', 'create', 'run', 'get_response', 'streamChat', '__call__', '_get_session_id', '__init_subclass__', 'toJSON', 'API']) {
      assert.equal(isDuckTyped(name), false, name);
    }
  });
});

describe('workspace: test files', () => {
  it('knows test files by their folders and names, from the project root', () => {
    for (const file of ['__tests__/chat.test.js', 'server/__tests__/x.js', 'tests/test_llm.py', 'test/llm.spec.ts', 'app/llm.test.tsx', 'pkg/llm_test.py', 'test_llm.py', 'e2e/run.ts']) {
      assert.equal(isTestFile(file), true, file);
    }
  });

  it('leaves application files whose names only mention tests', () => {
    for (const file of ['agents/test-case-agent.ts', 'src/testing/runner.py', 'app/latest.py', 'contest/entry.js', 'src/attest.ts']) {
      assert.equal(isTestFile(file), false, file);
    }
  });
});
