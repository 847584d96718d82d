/**
 * IRC over WebSocket as the IRCv3 WebSocket spec has it: the page offers binary.ircv3.net first
 * (lines as UTF-8 bytes), then text.ircv3.net; a server that picks neither gets text frames. One
 * IRC line per frame, no CR LF.
 */
import { parse, serialize, type IrcMessage } from '../irc/message';

export const SUBPROTOCOLS = ['binary.ircv3.net', 'text.ircv3.net'];

export interface SocketEvents {
  open(): void;
  message(message: IrcMessage): void;
  close(reason: string): void;
}

/** The socket URL on the page's own origin: wss for an https page. */
export function socketUrl(location: { protocol: string; host: string }, path = '/socket'): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}

export class IrcSocket {
  private readonly ws: WebSocket;
  private readonly decoder = new TextDecoder('utf-8');
  private closed = false;

  constructor(url: string, private readonly events: SocketEvents) {
    this.ws = new WebSocket(url, SUBPROTOCOLS);
    this.ws.binaryType = 'arraybuffer';
    this.ws.onopen = () => events.open();
    this.ws.onmessage = (e: MessageEvent) => {
      const line = typeof e.data === 'string' ? e.data : this.decoder.decode(e.data as ArrayBuffer);
      const message = parse(line);
      if (message) events.message(message);
    };
    this.ws.onclose = (e: CloseEvent) => this.ended(e.reason || (e.wasClean ? 'closed by the server' : 'connection lost'));
    this.ws.onerror = () => this.ended('connection failed');
  }

  send(message: IrcMessage): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const line = serialize(message);
    this.ws.send(this.ws.protocol === 'binary.ircv3.net' ? new TextEncoder().encode(line) : line);
  }

  close(): void {
    this.closed = true;
    this.ws.close(1000);
  }

  private ended(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.events.close(reason);
  }
}
