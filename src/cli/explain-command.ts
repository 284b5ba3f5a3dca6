// conndoc explain [id]
import { allEntries, explainDetails, explainEntry, formatExplain } from '../probe/knowledge';
import { UsageError, type ParsedCommand } from './args';
import { writeJson } from './output';
import { painter, wantsColor } from './style';

export function explainCommand(cmd: ParsedCommand): number {
  const [id] = cmd.positionals;
  const entries = id === undefined ? allEntries() : [explainEntry(id)];
  if (entries[0] === undefined) throw new UsageError(`unknown diagnosis id or finding '${id}' (run 'conndoc explain' for the list)`);
  const list = entries.map((e) => ({ id: e!.id, title: e!.title, explanation: e!.explanation, remediation: e!.remediation }));
  if (cmd.json) {
    // The contract's four fields first; culprits, the evidence that reorders them and the confirm commands added.
    writeJson({ entries: list.map((e) => ({ ...e, ...explainDetails(e.id) })) });
    return 0;
  }
  const color = wantsColor(process.stdout);
  if (id === undefined) {
    const paint = painter(color);
    const width = Math.max(...list.map((e) => e.id.length));
    for (const e of list) process.stdout.write(`${paint('bold', e.id.padEnd(width))}  ${e.title}\n`);
    process.stdout.write(`\nconndoc explain <id> for the details of one.\n`);
  } else {
    process.stdout.write(`${formatExplain(entries[0]!, { color })}\n`);
  }
  return 0;
}
