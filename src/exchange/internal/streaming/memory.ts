/**
 * A WebSocket connection without a socket: the client end is a standard `WebSocket` object (what
 * `Socket.fromWebSocket` wraps), the server end a session {@link Peer}. Frames travel in order, each delivered on
 * its own microtask as a real socket would deliver it later; Ping and Pong are modelled as control frames the
 * client end can observe.
 *
 * @internal
 */
import type { Peer } from "./session.js"

/** The client end, in the shape `KalshiWebSocket.Connection` expects. */
export interface ClientEnd {
  readonly webSocket: globalThis.WebSocket
  /** Calls `listener` on every control frame the client receives (a Ping, or the Pong to its own Ping). */
  readonly onControlFrame: (listener: () => void) => void
  /** Sends a Ping; the server answers with a Pong unless it is paused. */
  readonly ping: () => void
}

export interface Pair {
  readonly client: ClientEnd
  readonly peer: Peer
  /** Where the server end receives text frames. */
  readonly onFrame: (receive: (text: string) => void) => void
  /** Called once when either end closes. */
  readonly onClose: (closed: () => void) => void
}

const OPEN = 1
const CLOSED = 3

class ClientWebSocket extends EventTarget {
  readyState = OPEN
  readonly binaryType = "arraybuffer"
  readonly protocol = ""
  readonly extensions = ""
  readonly bufferedAmount = 0
  constructor(
    private readonly sendFrame: (text: string) => void,
    private readonly closeFrom: (code: number, reason: string) => void
  ) {
    super()
  }
  send(data: unknown): void {
    if (this.readyState !== OPEN) throw new Error("WebSocket is not open")
    this.sendFrame(typeof data === "string" ? data : new TextDecoder().decode(data as Uint8Array))
  }
  close(code = 1000, reason = ""): void {
    this.closeFrom(code, reason)
  }
}

export const make = (): Pair => {
  const early: Array<string> = []
  let receive: (text: string) => void = (text) => void early.push(text)
  let closedCallback: () => void = () => {}
  const controlListeners: Array<() => void> = []
  let closed = false
  let paused = false
  const inbound: Array<string> = []
  let pingsWaiting = 0

  const control = () => {
    if (!closed) { for (const listener of controlListeners) listener() }
  }

  const finish = (code: number, reason: string, wasClean: boolean) => {
    if (closed) return
    closed = true
    queueMicrotask(() => {
      webSocket.readyState = CLOSED
      webSocket.dispatchEvent(Object.assign(new Event("close"), { code, reason, wasClean }))
      closedCallback()
    })
  }

  const webSocket = new ClientWebSocket(
    (text) => {
      if (closed) return
      if (paused) inbound.push(text)
      else queueMicrotask(() => closed || receive(text))
    },
    (code, reason) => finish(code, reason, true)
  )

  const peer: Peer = {
    send: (text) => {
      if (closed) return
      queueMicrotask(() => closed || webSocket.dispatchEvent(new MessageEvent("message", { data: text })))
    },
    ping: () => queueMicrotask(control),
    close: (code, reason) => finish(code, reason, true),
    terminate: () => finish(1006, "", false),
    pause: () => {
      paused = true
    },
    resume: () => {
      paused = false
      for (const text of inbound.splice(0)) queueMicrotask(() => closed || receive(text))
      for (; pingsWaiting > 0; pingsWaiting--) queueMicrotask(control)
    }
  }

  return {
    client: {
      webSocket: webSocket as unknown as globalThis.WebSocket,
      onControlFrame: (listener) => void controlListeners.push(listener),
      ping: () => {
        if (closed) return
        if (paused) pingsWaiting += 1
        else queueMicrotask(control)
      }
    },
    peer,
    onFrame: (f) => {
      receive = f
      for (const text of early.splice(0)) f(text)
    },
    onClose: (f) => {
      closedCallback = f
    }
  }
}
