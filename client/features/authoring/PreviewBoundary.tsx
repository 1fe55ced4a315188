/**
 * Keeps a preview of a draft that cannot be laid out yet from taking the editor with it: the
 * editor stays, the preview says why it is missing, and it is tried again with the next change.
 */
import { Component, type ReactNode } from 'react';

type Props = { fallback: ReactNode; resetKey: unknown; children: ReactNode };

export class PreviewBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidUpdate(previous: Props) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
