// live555's own RTSPServer (the RTSP server most IP cameras, encoders and recorders embed) for
// the interop matrix: it serves the Annex B clips of a folder (h264.h264 as /h264, h265.h265 as
// /h265), each viewer from the start of the file, over RTP/UDP or RTP over TCP interleaved as
// the viewer asks, with Digest authentication when INTEROP_CREDENTIALS holds "user:password"
// (live555's server knows no Basic). Only loopback is listened on.
//
// Built by scripts/install-interop-servers.sh from the live555 sources that PyPI's liblivemedia
// sdist carries. Usage: live555-server PORT FOLDER
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "BasicUsageEnvironment.hh"
#include "GroupsockHelper.hh"
#include "liveMedia.hh"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s PORT FOLDER\n", argv[0]);
    return 2;
  }
  ReceivingInterfaceAddr = inet_addr("127.0.0.1");
  ReceivingInterfaceAddr6 = in6addr_loopback;
  TaskScheduler* scheduler = BasicTaskScheduler::createNew();
  UsageEnvironment* env = BasicUsageEnvironment::createNew(*scheduler);

  UserAuthenticationDatabase* users = NULL;
  const char* credentials = std::getenv("INTEROP_CREDENTIALS");
  if (credentials != NULL && *credentials != '\0') {
    std::string pair(credentials);
    std::size_t colon = pair.find(':');
    if (colon == std::string::npos) {
      std::fprintf(stderr, "INTEROP_CREDENTIALS is not user:password\n");
      return 2;
    }
    users = new UserAuthenticationDatabase("interop");
    users->addUserRecord(pair.substr(0, colon).c_str(), pair.substr(colon + 1).c_str());
  }
  RTSPServer* server = RTSPServer::createNew(*env, Port(std::atoi(argv[1])), users);
  if (server == NULL) {
    std::fprintf(stderr, "cannot serve on port %s: %s\n", argv[1], env->getResultMsg());
    return 1;
  }
  const char* codecs[] = {"h264", "h265"};
  for (const char* codec : codecs) {
    std::string path = std::string(argv[2]) + "/" + codec + "." + codec;
    FILE* clip = std::fopen(path.c_str(), "rb");
    if (clip == NULL) continue;
    std::fclose(clip);
    ServerMediaSession* session = ServerMediaSession::createNew(*env, codec, codec, "interop camera");
    // reuseFirstSource False: every viewer gets a source of its own, from the clip's start.
    if (std::strcmp(codec, "h264") == 0) {
      session->addSubsession(H264VideoFileServerMediaSubsession::createNew(*env, path.c_str(), False));
    } else {
      session->addSubsession(H265VideoFileServerMediaSubsession::createNew(*env, path.c_str(), False));
    }
    server->addServerMediaSession(session);
    char* url = server->rtspURL(session);
    std::printf("serving %s\n", url);
    delete[] url;
  }
  std::fflush(stdout);
  env->taskScheduler().doEventLoop();
  return 0;
}
