/** Focus an element once React has rendered it (after a change that replaces the control used). */
export function focusSoon(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}
