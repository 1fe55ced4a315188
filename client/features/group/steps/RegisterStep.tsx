/** Step 1: the attendance register — each member present, sending apologies, or absent. */
import { attendanceMarks, type AttendanceMark } from '../../../../machines/model/group.ts';
import { copy } from '../../../content/copy.ts';
import { Radios } from '../../../components/Radios.tsx';
import { fieldIds } from '../problems.ts';
import { useGroupSelector, useGroupSession } from '../groupSessionContext.tsx';

const g = copy.group;

export function RegisterStep() {
  const { actor } = useGroupSession();
  const members = useGroupSelector((s) => s.context.members);
  const facilitatorId = useGroupSelector((s) => s.context.facilitator.personId);
  const attendance = useGroupSelector((s) => s.context.attendance);
  const options = attendanceMarks.map((mark) => ({ value: mark, label: g.marks[mark] }));

  return (
    <>
      <p>{g.registerLede}</p>
      {members.map((member) => (
        <Radios
          key={member.personId}
          name={fieldIds.attendance(member.personId)}
          legend={`${g.memberLegend(member.name, member.role)}${member.personId === facilitatorId ? g.facilitatorSuffix : ''}`}
          options={options}
          value={attendance[member.personId] ?? null}
          small
          inline
          onChange={(mark) => actor.send({ type: 'attendance.marked', personId: member.personId, mark: mark as AttendanceMark })}
        />
      ))}
    </>
  );
}
