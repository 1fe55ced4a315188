/** The composition root's products, handed to screens through context (STYLE 15). */
import { createContext, useContext, type ReactNode } from 'react';
import type { Repositories } from '../db/repositories.ts';
import type { Vault } from '../db/vault.ts';
import type { Backup } from '../db/backup.ts';

/** `vault`: the app lock's passphrase (changing it re-wraps the data key); `backup`: encrypted backup and restore. */
export type Services = { repositories: Repositories; vault: Vault; backup: Backup; now: () => Date; newId: () => string };

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices is used outside ServicesProvider');
  return services;
}

/** Who answers the "Escalate an immediate concern" button: a live session records it. */
export type EscalationTarget = { raise: () => void } | null;
export const EscalationTargetContext = createContext<{
  target: EscalationTarget;
  setTarget: (target: EscalationTarget) => void;
}>({ target: null, setTarget: () => undefined });
