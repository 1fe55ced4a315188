/** The 4x4x4 supervision cycle: its stages in order, in the model's own words. */
import type { CycleStage } from './template.ts';

export const stageNames: Record<CycleStage, { title: string; question: string; prompt: string }> = {
  experience: { title: 'Experience', question: 'What happened?', prompt: 'cycle/experience' },
  reflection: { title: 'Reflection', question: 'What was it like?', prompt: 'cycle/reflection' },
  analysis: { title: 'Analysis', question: 'What does this mean?', prompt: 'cycle/analysis' },
  actionPlanning: { title: 'Action planning', question: 'What next?', prompt: 'cycle/action-planning' },
};
