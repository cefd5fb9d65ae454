// Tests of the served page's request framing and Host check (src/serve/http.hpp): pure
// functions of the bytes a connection has sent; and whether a client is still connected.
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "serve/http.hpp"

namespace lightind::serve {
namespace {

using Kind = Frame::Kind;

TEST(Http, FramesAGetAndLeavesWhatFollows) {
  const std::string a = "GET /api/run?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const Frame f = frame_request(a + "GET /next");
  ASSERT_EQ(f.kind, Kind::complete);
  EXPECT_EQ(f.head_length, a.size());
  EXPECT_EQ(f.total_length, a.size());
  EXPECT_FALSE(f.close_after);
  EXPECT_EQ(frame_request(a.substr(0, a.size() - 1)).kind, Kind::incomplete);
  EXPECT_EQ(frame_request("").kind, Kind::incomplete);
}

TEST(Http, FramesContentLengthAndChunkedBodies) {
  const std::string head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n";
  EXPECT_EQ(frame_request(head + "hel").kind, Kind::incomplete);
  const Frame f = frame_request(head + "helloGET");
  ASSERT_EQ(f.kind, Kind::complete);
  EXPECT_EQ(f.head_length, head.size());
  EXPECT_EQ(f.total_length, head.size() + 5);

  const std::string chead = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n";
  const std::string body = "3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n";
  const Frame c = frame_request(chead + body + "GET");
  ASSERT_EQ(c.kind, Kind::complete);
  EXPECT_EQ(c.head_length, chead.size());
  EXPECT_EQ(c.total_length, chead.size() + body.size());
  for (size_t cut = 0; cut < body.size(); ++cut)
    EXPECT_EQ(frame_request(chead + body.substr(0, cut)).kind, Kind::incomplete) << cut;
}

TEST(Http, BodiesOverTheLimitAre413) {
  const Frame cl = frame_request("POST / HTTP/1.1\r\nContent-Length: 16385\r\n\r\n");
  EXPECT_EQ(cl.kind, Kind::rejected);
  EXPECT_EQ(cl.status, 413);
  EXPECT_EQ(cl.message, "request body too large (at most 16 KiB)");
  EXPECT_EQ(frame_request("POST / HTTP/1.1\r\nContent-Length: 16384\r\n\r\n").kind, Kind::incomplete);
  // 16 chunks of 1 KiB pass; one byte more is refused as soon as its size line is read.
  std::string body;
  for (int i = 0; i < 16; ++i) body += "400\r\n" + std::string(1024, 'x') + "\r\n";
  const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(frame_request(head + body + "0\r\n\r\n").kind, Kind::complete);
  const Frame over = frame_request(head + body + "1\r\n");
  EXPECT_EQ(over.status, 413);
  // Many tiny chunks: the body as sent is held to 64 KiB.
  std::string tiny;
  for (int i = 0; i < 20000; ++i) tiny += "1;" + std::string(20, 'e') + "\r\nx\r\n";
  EXPECT_EQ(frame_request(head + tiny).status, 413);
}

TEST(Http, HeaderCountLineAndHeadSizesAreLimited) {
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 100; ++i) many += "X-A: 1\r\n";
  EXPECT_EQ(frame_request(many + "\r\n").kind, Kind::complete);
  const Frame f = frame_request(many + "X-B: 1\r\n");
  EXPECT_EQ(f.status, 431);
  EXPECT_EQ(f.message, "too many header lines (at most 100 header lines)");
  EXPECT_EQ(frame_request("GET / HTTP/1.1\r\nX: " + std::string(8200, 'y')).status, 431);  // no end yet
  EXPECT_EQ(frame_request("GET / HTTP/1.1\r\nX: " + std::string(8200, 'y') + "\r\n").status, 431);
  std::string big = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 5; ++i) big += "X: " + std::string(7000, 'y') + "\r\n";
  EXPECT_EQ(frame_request(big).message, "request head too large (at most 32 KiB)");
  EXPECT_EQ(frame_request("GET /" + std::string(9000, 'a')).status, 414);
  EXPECT_EQ(frame_request("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n").status, 414);
}

TEST(Http, MalformedRequestsAreRefused) {
  const auto status = [](const std::string& s) { return frame_request(s).status; };
  EXPECT_EQ(status("GET / HTTP/1.1\n"), 400);                 // bare LF
  EXPECT_EQ(status("GET  / HTTP/1.1\r\n"), 400);              // two spaces
  EXPECT_EQ(status("GET / HTTP/2.0\r\n"), 400);
  EXPECT_EQ(status("GET /a\x01 HTTP/1.1\r\n"), 400);
  EXPECT_EQ(status("FETCH / HTTP/1.1\r\n"), 405);             // unknown to cpp-httplib
  EXPECT_EQ(status("GET / HTTP/1.1\r\n folded\r\n"), 400);    // obsolete line folding
  EXPECT_EQ(status("GET / HTTP/1.1\r\nNoColon\r\n"), 400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nX: a\n"), 400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), 400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc"), 400);
}

TEST(Http, ExpectContinueIsAnsweredWithoutWaitingForTheBody) {
  const std::string head = "PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n";
  const Frame f = frame_request(head);
  ASSERT_EQ(f.kind, Kind::complete);
  EXPECT_TRUE(f.close_after);
  EXPECT_EQ(f.total_length, head.size());
  EXPECT_EQ(frame_request(head + "0123456789").close_after, false);
}

TEST(Http, ClientConnectedUntilThePeerClosesOrShutsItsSendingSide) {
  // A connected pair of stream sockets stands for the server's end and the client's.
  const auto pair = [] {
    int sv[2] = {-1, -1};
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    return std::pair{sv[0], sv[1]};
  };
  {
    const auto [server, client] = pair();
    EXPECT_TRUE(client_connected(server));
    ASSERT_EQ(write(client, "GET /next", 9), 9);  // a next request waiting: still there
    EXPECT_TRUE(client_connected(server));
    close(client);  // a browser's aborted fetch
    EXPECT_FALSE(client_connected(server));
    close(server);
  }
  {
    const auto [server, client] = pair();
    ASSERT_EQ(shutdown(client, SHUT_WR), 0);  // only its sending side: counted as gone
    EXPECT_FALSE(client_connected(server));
    close(client);
    close(server);
  }
  EXPECT_FALSE(client_connected(-1));
  EXPECT_EQ(current_client_socket(), -1);  // not a worker of the connection layer
}

TEST(Http, LoopbackHostNamesOnly) {
  for (const char* ok : {"127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "[::1]", "127.0.0.1"})
    EXPECT_TRUE(loopback_host(ok, "127.0.0.1", 8080)) << ok;
  for (const char* bad : {"", "evil.example", "evil.example:8080", "127.0.0.1:8081", "127.0.0.1:", "localhost:08080",
                          "127.0.0.1.nip.io:8080", "[::1", "[::1]x", "::1", "127.0.0.1:8080:8080"})
    EXPECT_FALSE(loopback_host(bad, "127.0.0.1", 8080)) << bad;
  EXPECT_TRUE(loopback_host("127.0.0.2:80", "127.0.0.2", 80));
  EXPECT_TRUE(is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(is_loopback_address("127.1.2.3"));
  EXPECT_TRUE(is_loopback_address("localhost"));
  EXPECT_TRUE(is_loopback_address("::1"));
  EXPECT_FALSE(is_loopback_address("0.0.0.0"));
  EXPECT_FALSE(is_loopback_address("192.168.1.2"));
}

}  // namespace
}  // namespace lightind::serve
