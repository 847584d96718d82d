/**
 * The open buffer's lines in the DOM, changed in place: a new line is inserted where it
 * belongs and nothing else is touched, so that a screen reader's live region announces only
 * what is new, and scrolling and selection survive a render.
 */
import type { Line } from '../state/buffers';
import { lineNode } from './lines';

export class LineList {
  private readonly nodes = new Map<Line, HTMLElement>();
  private shown: Line[] = [];

  constructor(private readonly root: HTMLElement) {}

  /** Shows lines, with a mark before the first unread one; reset starts over (another buffer). */
  show(lines: Line[], firstUnread: number, reset: boolean): void {
    if (reset) {
      this.nodes.clear();
      this.shown = [];
      this.root.replaceChildren();
    }
    const wanted = new Set(lines);
    for (const line of this.shown) {
      if (!wanted.has(line)) {
        this.nodes.get(line)?.remove();
        this.nodes.delete(line);
      }
    }
    let previous: HTMLElement | null = null;
    lines.forEach((line, i) => {
      let node = this.nodes.get(line);
      if (node && node.classList.contains('deleted') !== !!line.deleted) {
        const fresh = lineNode(line);
        node.replaceWith(fresh);
        node = fresh;
        this.nodes.set(line, node);
      }
      if (!node) {
        node = lineNode(line);
        this.nodes.set(line, node);
      }
      node.classList.toggle('first-unread', i === firstUnread && i > 0);
      const after: ChildNode | null = previous ? previous.nextSibling : this.root.firstChild;
      if (after !== node) this.root.insertBefore(node, after);
      previous = node;
    });
    this.shown = lines.slice();
  }

  /** The first line shown, to tell whether older lines came in above it. */
  firstLine(): Line | undefined {
    return this.shown[0];
  }
}
