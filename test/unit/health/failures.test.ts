// Failures that are hard to stage on a test machine (an expired certificate, a company CA, a DNS server that
// does not answer, no route) still get the right verdict and a detail that names the code and the remedy.
import * as assert from 'node:assert/strict';
import { describeFailure, StepTimeout } from '../../../src/core/health/failures';
import { ProxyError } from '../../../src/core/health/connection';

function nodeError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('step failures', () => {
  it('TLS: an unknown issuer points at NODE_EXTRA_CA_CERTS', () => {
    for (const code of ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']) {
      const failure = describeFailure('tls', nodeError(code), 'api.openai.com');
      assert.equal(failure.verdict, 'tls-error');
      assert.match(failure.detail, new RegExp(`${code}.*NODE_EXTRA_CA_CERTS`));
    }
  });
  it('TLS: an expired certificate points at the clock', () => {
    const failure = describeFailure('tls', nodeError('CERT_HAS_EXPIRED'), 'api.openai.com');
    assert.equal(failure.verdict, 'tls-error');
    assert.match(failure.detail, /CERT_HAS_EXPIRED.*clock/);
  });
  it('DNS: a server that does not answer differs from a name that does not exist', () => {
    assert.match(describeFailure('dns', nodeError('EAI_AGAIN'), 'api.openai.com').detail, /did not answer/);
    assert.match(describeFailure('dns', nodeError('ENOTFOUND'), 'api.openai.com').detail, /does not resolve/);
  });
  it('TCP: no route and a reset are connection errors that say so', () => {
    assert.deepEqual(describeFailure('tcp', nodeError('EHOSTUNREACH'), 'h').verdict, 'connection-error');
    assert.match(describeFailure('tcp', nodeError('EHOSTUNREACH'), 'h').detail, /no route/);
    assert.match(describeFailure('models', nodeError('ECONNRESET'), 'h').detail, /ECONNRESET/);
  });
  it('a step timeout is a timeout wherever it happens', () => {
    for (const step of ['dns', 'tcp', 'tls', 'models'] as const) {
      assert.equal(describeFailure(step, new StepTimeout(1500), 'h').verdict, 'timeout');
    }
  });
  it('a proxy asking for credentials says how to give them', () => {
    const failure = describeFailure('proxy', new ProxyError(407, 'Proxy Authentication Required'), 'h');
    assert.equal(failure.verdict, 'proxy-error');
    assert.match(failure.detail, /user:password@/);
  });
  it('a proxy that cannot be reached is a proxy failure, not a failure of the API host', () => {
    assert.equal(describeFailure('proxy', nodeError('ECONNREFUSED'), 'h').verdict, 'proxy-error');
  });
});
