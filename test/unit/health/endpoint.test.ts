import * as assert from 'node:assert/strict';
import { describeEndpoint, BaseUrlError, defaultAzureApiVersion } from '../../../src/core/health/endpoint';
import { bypassesProxy, chooseProxy, ProxyUrlError } from '../../../src/core/health/proxy';

describe('endpoints', () => {
  it('defaults to the official API with Bearer auth and optional organization/project', () => {
    const endpoint = describeEndpoint(undefined);
    assert.equal(endpoint.modelsUrl.href, 'https://api.openai.com/v1/models');
    assert.equal(endpoint.modelUrl('gpt-4o').href, 'https://api.openai.com/v1/models/gpt-4o');
    assert.equal(endpoint.official, true);
    assert.deepEqual(endpoint.headers('k', 'org-1', 'proj_2'), { authorization: 'Bearer k', 'openai-organization': 'org-1', 'openai-project': 'proj_2' });
    assert.deepEqual(endpoint.headers('k'), { authorization: 'Bearer k' });
  });

  it('recognises Azure by host or by /openai/deployments and uses api-key and api-version', () => {
    const byHost = describeEndpoint('https://my-resource.openai.azure.com/');
    assert.equal(byHost.kind, 'azure');
    assert.equal(byHost.modelsUrl.href, `https://my-resource.openai.azure.com/openai/models?api-version=${defaultAzureApiVersion}`);
    assert.deepEqual(byHost.headers('k', 'org-ignored'), { 'api-key': 'k' });
    const byPath = describeEndpoint('http://127.0.0.1:8080/openai/deployments/gpt4o?api-version=2025-01-01');
    assert.equal(byPath.kind, 'azure');
    assert.equal(byPath.modelUrl('gpt-4o').href, 'http://127.0.0.1:8080/openai/models/gpt-4o?api-version=2025-01-01');
  });

  it('flags plain HTTP except to this computer', () => {
    assert.equal(describeEndpoint('http://example.com/v1').insecure, true);
    assert.equal(describeEndpoint('http://localhost:11434/v1').insecure, false);
    assert.equal(describeEndpoint('http://127.0.0.1:1234/v1').insecure, false);
    assert.equal(describeEndpoint('http://[::1]:1234/v1').insecure, false);
    assert.equal(describeEndpoint('https://example.com/v1').insecure, false);
  });

  it('rejects what is not an http(s) URL, or carries credentials', () => {
    assert.throws(() => describeEndpoint('api.openai.com/v1'), BaseUrlError);
    assert.throws(() => describeEndpoint('ftp://example.com'), BaseUrlError);
    assert.throws(() => describeEndpoint('https://user:pw@example.com/v1'), BaseUrlError);
  });
});

describe('proxy choice', () => {
  const target = new URL('https://api.openai.com/v1/models');
  it('uses HTTPS_PROXY (either case) for https, HTTP_PROXY for http', () => {
    assert.equal(chooseProxy(target, { HTTPS_PROXY: 'http://proxy:3128' })?.url.host, 'proxy:3128');
    assert.equal(chooseProxy(target, { https_proxy: 'proxy:8080' })?.url.href, 'http://proxy:8080/');
    assert.equal(chooseProxy(new URL('http://example.com/v1'), { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://q:2' })?.url.host, 'q:2');
    assert.equal(chooseProxy(target, {}), undefined);
  });
  it('lets the editor setting win and hides credentials in what is shown', () => {
    const choice = chooseProxy(target, { HTTPS_PROXY: 'http://env:1' }, 'http://user:secret@editor:3128');
    assert.equal(choice?.url.hostname, 'editor');
    assert.equal(choice?.display, 'http://editor:3128/');
  });
  it('honours NO_PROXY names, suffixes, ports and *', () => {
    assert.equal(bypassesProxy(target, 'localhost,.openai.com'), true);
    assert.equal(bypassesProxy(target, 'openai.com'), true);
    assert.equal(bypassesProxy(target, '*.openai.com'), true);
    assert.equal(bypassesProxy(target, 'api.openai.com:8443'), false);
    assert.equal(bypassesProxy(target, 'api.openai.com:443'), true);
    assert.equal(bypassesProxy(target, 'notopenai.com'), false);
    assert.equal(bypassesProxy(target, '*'), true);
    assert.equal(bypassesProxy(new URL('http://[::1]:80/'), '::1'), true);
    assert.equal(chooseProxy(target, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.openai.com' }), undefined);
  });
  it('rejects proxies it cannot speak to, without showing their password', () => {
    assert.throws(() => chooseProxy(target, { HTTPS_PROXY: 'socks5://u:pw@p:1080' }), ProxyUrlError);
    assert.throws(() => chooseProxy(target, { HTTPS_PROXY: 'http://u:pw@[bad' }), (error: Error) => !error.message.includes('pw'));
  });
});
