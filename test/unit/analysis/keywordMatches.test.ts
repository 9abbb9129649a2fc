// lineStartMatches and wordStartMatches must find exactly what a global search with the same pattern finds:
// same matches, same groups, same order, whatever the line terminators, indentation or keywords inside words.
import * as assert from 'node:assert/strict';
import { hasLineStartMatch, lineStartMatches, wordStartMatches } from '../../../src/core/analysis/keywordMatches';

const pythonImport = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]*(\([^)]*\)|[^\n]*)|import[ \t]+([^\n]*))/gm;
const commonJsNamed = /^[ \t]*(?:module\.)?exports\.([\w$]+)[ \t]*=[ \t]*([A-Za-z_$][\w$]*)[ \t]*;?[ \t]*$/gm;

function viaRegExp(text: string, pattern: RegExp, from = 0): string[] {
  const copy = new RegExp(pattern.source, pattern.flags);
  copy.lastIndex = from;
  const found: string[] = [];
  for (let match = copy.exec(text); match; match = copy.exec(text)) found.push(`${match.index}:${JSON.stringify([...match])}`);
  return found;
}

function described(matches: Iterable<RegExpExecArray>): string[] {
  return [...matches].map((match) => `${match.index}:${JSON.stringify([...match])}`);
}

function viaKeywords(text: string, pattern: RegExp, keywords: string[], from = 0): string[] {
  return described(lineStartMatches(text, pattern, keywords, from));
}

/** Texts of 1 to `most` random pieces, from a fixed seed: a small alphabet makes keywords and boundaries collide often. */
function* randomTexts(pieces: readonly string[], most: number, seed: number, count = 2000): Generator<{ text: string; fraction: number }> {
  let state = seed;
  const random = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < count; round++) {
    const text = Array.from({ length: 1 + Math.floor(random() * most) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    yield { text, fraction: random() };
  }
}

const jsImport = /\b(?:import|export)\b(?:\s+type\b)?([\w$*{}\s,]*?)\s*(?:\bfrom\s*)?\(?\s*['"]([^'"\n]+)['"]|\brequire\s*\(\s*['"]([^'"\n]+)['"]/g;

describe('keyword-anchored matches', () => {
  it('match a global search on Python imports of every shape', () => {
    const text = [
      'import os',
      '    import json as j  # indented',
      'x = 1; import sys',
      'from a.b import (c,\n    d as e)',
      '\tfrom m import *',
      'print("from x import y")',
      'fromage = 1',
      'def f():\r    import re\r',
      'a\u2028import weird',
      'from  q  import  r',
    ].join('\n');
    const expected = viaRegExp(text, pythonImport);
    assert.equal(expected.length, 7);
    assert.deepEqual(viaKeywords(text, pythonImport, ['from', 'import']), expected);
  });

  it('skip keywords inside a match that spans lines, as a global search does', () => {
    const text = 'from a import (\nimport_b,\n    from_c)\nimport d\n';
    assert.deepEqual(viaKeywords(text, pythonImport, ['from', 'import']), viaRegExp(text, pythonImport));
    assert.equal(viaKeywords(text, pythonImport, ['from', 'import']).length, 2);
  });

  it('start at an offset, and stop before the end given', () => {
    const text = 'import a\nimport b\nimport c\n';
    assert.deepEqual(viaKeywords(text, pythonImport, ['from', 'import'], 3), viaRegExp(text, pythonImport, 3));
    assert.deepEqual([...lineStartMatches(text, pythonImport, ['import'], 0, 10)].map((match) => match.index), [0, 9]);
    assert.deepEqual([...lineStartMatches(text, pythonImport, ['import'], 0, 9)].map((match) => match.index), [0]);
  });

  it('try every alternative at a line start, whichever keyword was found', () => {
    const text = 'module.exports.ask = ask;\nexports.other = other\n  exports.x = y; // no: text after\n';
    assert.deepEqual(viaKeywords(text, commonJsNamed, ['module', 'exports']), viaRegExp(text, commonJsNamed));
    assert.equal(viaKeywords(text, commonJsNamed, ['module', 'exports']).length, 2);
  });

  it('agree with a global search on random texts', () => {
    const pieces = ['import', 'from', ' ', '\t', '\n', '\r', '\r\n', 'a', '.', '(', ')', 'x', 'import ', 'from a import b', '\u2028'];
    for (const { text, fraction } of randomTexts(pieces, 30, 12345)) {
      const from = Math.floor(fraction * text.length);
      assert.deepEqual(viaKeywords(text, pythonImport, ['from', 'import'], from), viaRegExp(text, pythonImport, from), JSON.stringify(text));
    }
  });

  it('answer whether a non-global pattern matches anywhere', () => {
    const openaiImport = /^[ \t]*(?:from[ \t]+openai\b|import[ \t][^\n#]*\bopenai\b)/m;
    assert.equal(hasLineStartMatch('x = 1\n  import os, openai\n', openaiImport, ['from', 'import']), true);
    assert.equal(hasLineStartMatch('# import openai\nx = "from openai import OpenAI"\n', openaiImport, ['from', 'import']), false);
  });

  it('match a global search on JS imports, requires and keywords inside other words', () => {
    const text = [
      "import OpenAI from 'openai';",
      "const { a } = require('./a');",
      "export { b } from './b';",
      "reimport('x'); exported('y'); $import('z'); _require('w');",
      "const m = await import('m');",
      "import type { T } from './types'",
    ].join('\n');
    const expected = viaRegExp(text, jsImport);
    assert.equal(expected.length, 6);
    assert.deepEqual(described(wordStartMatches(text, jsImport, ['import', 'export', 'require'])), expected);
  });

  it('agree with a global search on random JS texts', () => {
    const pieces = ['import', 'export', 'require', ' ', '\n', "'m'", '"n"', '(', ')', '{ a }', 'from', 'x', '$', '_', 'type '];
    for (const { text } of randomTexts(pieces, 25, 999)) {
      assert.deepEqual(described(wordStartMatches(text, jsImport, ['import', 'export', 'require'])), viaRegExp(text, jsImport), JSON.stringify(text));
    }
  });
});
