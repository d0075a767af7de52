/**
 * Tat's JSON shapes, as its models define them (ovh/tat `message.go`, `topic.go`; see
 * test/fixtures/tat/docs-extract.json). Only the fields the extension reads or sends are listed.
 * Dates are seconds since the epoch, fractional (`float64`).
 */

export interface TatLabel {
  text: string;
  color: string;
}

export interface TatAuthor {
  username: string;
  fullname: string;
}

export interface TatMessage {
  _id: string;
  text: string;
  topic: string;
  inReplyOfID?: string;
  inReplyOfIDRoot?: string;
  nbLikes?: number;
  labels?: TatLabel[];
  likers?: string[];
  tags?: string[];
  urls?: string[];
  dateCreation: number;
  dateUpdate: number;
  author?: TatAuthor;
  /** With `treeView=onetree`: the replies of a root message. */
  replies?: TatMessage[];
  nbReplies?: number;
}

/** `GET /messages/*topic`. */
export interface TatMessagesJSON {
  messages: TatMessage[] | null;
  isTopicRw?: boolean;
}

/** `POST` / `PUT /message/*topic`. */
export interface TatMessageJSONOut {
  message: TatMessage;
  info?: string;
}

export interface TatTopic {
  topic: string;
  description?: string;
}

/** `GET /topics`. */
export interface TatTopicsJSON {
  count: number;
  topics: TatTopic[] | null;
}

/** What we post: a new root message (with labels) or a reply (`action: reply`). */
export interface TatNewMessage {
  text: string;
  labels?: TatLabel[];
}
