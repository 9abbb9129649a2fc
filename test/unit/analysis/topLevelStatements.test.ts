import * as assert from 'node:assert/strict';
import { SourceText } from '../../../src/core/analysis/sourceText';
import { TopLevelStatements } from '../../../src/core/analysis/topLevelStatements';
import { createParser, withTree } from '../../../src/core/analysis/treeSitter';
import { random } from './support';

const python = `import openai

def ask(client):
    reply = client.chat.completions.create(model="m", messages=[])  # await is only a word here
    return reply

x = 1; y = "await"

async def embed(aclient):
    coro = aclient.embeddings.create(model="m", input=[])
    try:
        return await coro
    except openai.APIError:
        return None

class Holder:
    def save(self):
        pass
`;

describe('TopLevelStatements', () => {
  it('answers every offset and range exactly as a lookup from the root does, in any order', async () => {
    const parser = await createParser('python');
    try {
      withTree(parser, python, (tree) => {
        const root = tree.rootNode;
        const statements = new TopLevelStatements(root, SourceText.of(python));
        const next = random(7);
        for (let i = 0; i < 400; i++) {
          const start = Math.floor(next() * (python.length + 1));
          const end = Math.min(python.length, start + (next() < 0.5 ? 0 : Math.floor(next() * 80)));
          const expected = root.namedDescendantForIndex(start, end);
          const actual = statements.namedDescendant(start, end);
          assert.equal(actual?.id, expected?.id, `range ${start}-${end}`);
        }
      });
    } finally {
      parser.delete();
    }
  });

  it('tells whether the word await follows an offset inside its top-level statement', async () => {
    const parser = await createParser('python');
    try {
      withTree(parser, python, (tree) => {
        const statements = new TopLevelStatements(tree.rootNode, SourceText.of(python));
        // The comment's "await" counts (a word is enough to look further); the next statement's does not.
        assert.equal(statements.awaitFollows(python.indexOf('client.chat')), true);
        assert.equal(statements.awaitFollows(python.indexOf('return reply')), false);
        assert.equal(statements.awaitFollows(python.indexOf('aclient.embeddings')), true);
        assert.equal(statements.awaitFollows(python.indexOf('except openai')), false);
        assert.equal(statements.awaitFollows(python.indexOf('pass')), false);
        // Going back to an earlier statement reads that one again.
        assert.equal(statements.awaitFollows(python.indexOf('def ask')), true);
        // Between statements nothing is known: look further.
        assert.equal(statements.awaitFollows(python.indexOf('\n\nx = 1') + 1), true);
      });
    } finally {
      parser.delete();
    }
  });
});
