// Streaming to a process (agents.md §2.9): content is buffered and sent when the buffer
// reaches `buffer_size` characters or ends with sentence punctuation, and flushed at the end,
// so a consumer sees few, readable chunks in order.

export type StreamChunk =
  | { type: 'chunk'; content: string }
  | { type: 'thinking'; content: string }
  | { type: 'tool_call'; name: string; arguments: string; id: string }
  | { type: 'error'; error: { type: string; message: string } }
  | { type: 'done'; meta: Record<string, unknown> };

export class ChunkBuffer {
  private buf = '';
  constructor(private size: number, private send: (c: StreamChunk) => void) {}

  add(text: string): void {
    this.buf += text;
    if (this.buf.length >= this.size || /[.!?\n]\s*$/.test(this.buf)) this.flush();
  }

  flush(): void {
    if (this.buf === '') return;
    const content = this.buf;
    this.buf = '';
    this.send({ type: 'chunk', content });
  }
}
