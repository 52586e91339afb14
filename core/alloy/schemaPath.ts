// The schema of the block at a path of block names: ['loki.process', 'stage.match', 'stage.regex'].
import { BlockSchema, BodySchema, componentSchema, own } from './catalog';

export function bodySchemaAt(path: string[]): BodySchema | undefined {
  if (path.length === 0) return undefined;
  let body: BodySchema | undefined = componentSchema(path[0])?.args;
  for (const name of path.slice(1)) {
    body = own<BlockSchema>(body?.blocks, name);
    if (!body) return undefined;
  }
  return body;
}
