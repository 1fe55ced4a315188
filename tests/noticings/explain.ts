/**
 * For rule authors: why a rule is or is not raised on a corpus account, condition by condition.
 * `node --import tsx tests/noticings/explain.ts t15-school-nurse-self-harm single-explanation`
 */
import { compromiseLanguage } from '../../machines/noticings/language.ts';
import { gapsIn } from '../../machines/noticings/engine.ts';
import type { NoticingCondition } from '../../machines/noticings/schema.ts';
import { caseTextOf, corpus, rulesFromFiles } from './corpus.ts';

const [accountId, ruleId] = process.argv.slice(2);
const rules = rulesFromFiles();
const account = [...corpus('tuning'), ...corpus('held-out')].find((a) => a.id === accountId);
const rule = rules.rules.find((r) => r.id === ruleId);
if (!account || !rule) throw new Error('Usage: explain.ts <account id> <rule id>');
const caseText = caseTextOf(account);

function show(condition: NoticingCondition, depth: number): void {
  const probe = { ...rule!, raiseWhen: condition, clearWhen: undefined };
  const holds = gapsIn(caseText, [rule!.id], { ...rules, rules: [probe] }, compromiseLanguage).length > 0;
  const label = 'all' in condition ? 'all' : 'any' in condition ? 'any' : 'not' in condition ? 'not' : JSON.stringify(condition).slice(0, 140);
  console.log(`${'  '.repeat(depth)}${holds ? 'HOLDS ' : 'no    '}${label}`);
  if ('all' in condition) condition.all.forEach((c) => show(c, depth + 1));
  if ('any' in condition) condition.any.forEach((c) => show(c, depth + 1));
  if ('not' in condition) show(condition.not, depth + 1);
}
console.log('raiseWhen (whole case):');
show(rule.raiseWhen, 1);
if (rule.clearWhen) {
  console.log('clearWhen (whole case):');
  show(rule.clearWhen, 1);
}
for (const stage of caseText.stages) for (const s of compromiseLanguage.sentencesOf(stage.text)) console.log(`${stage.role}: ${s.clauses.map((c) => c.words.map((w) => `${w.norm}${w.negated ? '¬' : ''}${w.name ? '^' : ''}`).join(' ') + ` [${c.tense}]`).join(' | ')}`);
