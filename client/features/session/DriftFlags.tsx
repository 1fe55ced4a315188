/** Drift flags where they matter, each asking the supervisor for a response, which is recorded. */
import { timesCarriedForwardOf, type DriftFlag } from '../../../machines/review/drift.ts';
import { driftResponses, type DriftResponseV1 } from '../../../machines/model/record.ts';
import { copy } from '../../content/copy.ts';
import { Radios } from '../../components/Radios.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';
import { useSession, useSessionSelector } from './sessionContext.tsx';

const responseLabels: Record<DriftResponseV1['response'], string> = {
  revise: copy.drift.revise,
  escalate: copy.drift.escalate,
  close: copy.drift.close,
  continue: copy.drift.continue,
};

export function DriftFlags({ flags }: { flags: readonly DriftFlag[] }) {
  const { actor } = useSession();
  const responses = useSessionSelector((s) => s.context.driftResponses ?? {});
  const content = useSessionSelector((s) => s.context);
  if (flags.length === 0) return null;
  return (
    <div className="app-drift">
      {flags.map((flag) => {
        const current = responses[flag.id];
        const respond = (response: DriftResponseV1) => actor.send({ type: 'drift.responded', flagId: flag.id, response });
        return (
          <WarningCallout
            className="app-drift__flag"
            key={flag.id}
            level={3}
            title={copy.drift.titled(copy.drift.kind(flag.kind, timesCarriedForwardOf(flag, content)))}
          >
            <p>{flag.message}</p>
            <p className="nhsuk-body-s">{copy.drift.lede}</p>
            <Radios
              name={`drift-${flag.id.replace(/[^A-Za-z0-9_-]/g, '-')}`}
              legend={`${copy.drift.response}: ${flag.message}`}
              options={driftResponses.map((value) => ({ value, label: responseLabels[value] }))}
              value={current?.response ?? null}
              small
              onChange={(value) => respond({ response: value as DriftResponseV1['response'], reason: current?.reason ?? '' })}
            />
            {current && (
              <TextArea
                id={`drift-reason-${flag.id.replace(/[^A-Za-z0-9_-]/g, '-')}`}
                label={current.response === 'continue' ? copy.drift.reason : copy.drift.note}
                value={current.reason}
                rows={2}
                onChange={(reason) => respond({ ...current, reason })}
              />
            )}
          </WarningCallout>
        );
      })}
    </div>
  );
}
