/** Focus an element once React has rendered it (after a change that replaces the control used), or the fallback when it is gone. */
export function focusSoon(id: string, fallbackId?: string): void {
  setTimeout(() => (document.getElementById(id) ?? (fallbackId ? document.getElementById(fallbackId) : null))?.focus(), 0);
}
