import { expect, test } from "@playwright/test";
import { AnswerReader } from "../../src/proxy/answer-reader";

/** What the reader makes of `bytes`, fed whole and fed one byte at a time: the same either way. */
function read(bytes: string, method = "DELETE", close: "end" | "reset" | "open" = "end") {
  const outcomes = [bytes.length, 1].map((size) => {
    const seen = { status: 0, body: "", complete: false, after: "", problem: "" };
    const reader = new AnswerReader(method, {
      head: (head) => (seen.status = head.status),
      body: (chunk) => (seen.body += chunk.toString("latin1")),
      complete: () => (seen.complete = true),
    });
    try {
      for (let i = 0; i < bytes.length; i += size) reader.push(Buffer.from(bytes.slice(i, i + size), "latin1"));
      if (close !== "open") reader.end(close === "reset");
    } catch (error) {
      seen.problem = (error as Error).message;
    }
    seen.after = reader.after.toString("latin1");
    return seen;
  });
  expect(outcomes[1]).toEqual(outcomes[0]);
  return outcomes[0]!;
}

const json = "Content-Type: application/json\r\n";

test("a 204 ends at its headers; bytes after it are kept, not thrown", () => {
  expect(read("HTTP/1.1 204 No Content\r\n\r\n")).toMatchObject({ status: 204, complete: true, after: "" });
  expect(read('HTTP/1.1 204 No Content\r\n\r\n{"x":1}')).toMatchObject({ complete: true, after: '{"x":1}' });
});

test("an interim 100 Continue is passed over to the answer after it", () => {
  expect(read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")).toMatchObject({ status: 204 });
});

test("Content-Length, chunked with trailers, and up to the close each frame the body they say", () => {
  expect(read(`HTTP/1.1 404 Not Found\r\n${json}Content-Length: 2\r\n\r\n{}`)).toMatchObject({ body: "{}" });
  expect(
    read(`HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\n{}\r\n1\r\n \r\n0\r\nT: 1\r\n\r\n`),
  ).toMatchObject({ body: "{} ", complete: true, problem: "" });
  expect(read("HTTP/1.1 404 Not Found\r\n\r\nall of it")).toMatchObject({ body: "all of it", complete: true });
  expect(read("HTTP/1.1 404 Not Found\r\n\r\nso far", "DELETE", "open")).toMatchObject({ complete: false });
});

const broken: [string, string, "end" | "reset", string][] = [
  ["no status line", "HTTP/2 204\r\n\r\n", "end", `a status line that is not HTTP/1.1's: "HTTP/2 204"`],
  ["a header without a colon", "HTTP/1.1 204 OK\r\nno colon\r\n\r\n", "end", 'not "name: value": "no colon"'],
  ["headers cut off", "HTTP/1.1 204 OK\r\nDa", "end", "before the answer's headers were whole (19 byte(s))"],
  ["a chunk size not in hex", "HTTP/1.1 404 x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "end", '"zz"'],
  ["a chunk longer than its size", "HTTP/1.1 404 x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", "end", '"b"'],
  ["a chunked body cut off", "HTTP/1.1 404 x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", "end", "after 2 byte(s)"],
  ["a body shorter than its length", `HTTP/1.1 404 x\r\nContent-Length: 5\r\n\r\nab`, "end", "after 2 of the 5"],
  ["a reset in the body", `HTTP/1.1 404 x\r\nContent-Length: 5\r\n\r\nab`, "reset", "reset after 2 of the 5"],
  ["a reset before the close", "HTTP/1.1 404 x\r\n\r\nab", "reset", "reset in the middle of its body"],
  ["two lengths", "HTTP/1.1 404 x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "end", '"1, 2"'],
  ["bytes after a framed answer", "HTTP/1.1 404 x\r\nContent-Length: 1\r\n\r\n{}", "end", "1 byte(s) after the end"],
];
for (const [name, bytes, close, problem] of broken) {
  test(`${name} is a malformed answer that says what came`, () => {
    expect(read(bytes, "DELETE", close).problem).toContain(problem);
  });
}
