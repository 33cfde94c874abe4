#include "smtp_peer.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "test_context.hpp"

namespace herald::testkit {
namespace {

using Clock = std::chrono::steady_clock;

/// Waits for `pid` to exit until `deadline`; true when it did.
bool wait_exit(pid_t pid, Clock::time_point deadline) {
  while (true) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || r < 0) return true;
    if (Clock::now() >= deadline) return false;
    ::poll(nullptr, 0, 10);  // re-check the child every 10 ms until the deadline
  }
}

}  // namespace

SmtpPeer::SmtpPeer(Options options) : options_(std::move(options)) {
  std::filesystem::create_directories(options_.dir);
  std::vector<std::string> args = {"/usr/bin/python3", HERALD_SMTP_SINK, "--port", "0", "--maildir", maildir().string(),
                                   "--user", options_.user, "--password", options_.password};
  if (!options_.cert.empty()) {
    args.insert(args.end(), {"--cert", options_.cert.string(), "--key", options_.key.string()});
    if (options_.require_starttls) args.push_back("--require-starttls");
  }
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  const std::string err_path = (options_.dir / "sink.err").string();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive a crashed test
    ::dup2(out[1], STDOUT_FILENO);
    if (FILE* err = std::fopen(err_path.c_str(), "w")) ::dup2(fileno(err), STDERR_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  std::string received;
  while (received.find('\n') == std::string::npos && Clock::now() < deadline) {
    pollfd fd{out[0], POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (::poll(&fd, 1, static_cast<int>(std::max<long long>(left, 1))) <= 0) continue;
    char buffer[256];
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;  // the server exited
    received.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  const auto colon = received.rfind(':');
  if (received.rfind("listening 127.0.0.1:", 0) == 0 && colon != std::string::npos) port_ = std::stoi(received.substr(colon + 1));
  if (port_ == 0) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, Clock::now() + std::chrono::seconds(5));
    throw std::runtime_error("smtp_sink.py did not become ready: '" + received + "' stderr: " + read_file(err_path));
  }
}

SmtpPeer::~SmtpPeer() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (!wait_exit(pid_, Clock::now() + std::chrono::seconds(5))) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, Clock::now() + std::chrono::seconds(5));
  }
}

std::vector<std::string> SmtpPeer::greetings() const {
  std::vector<std::string> names;
  std::ifstream in(options_.dir / "ehlo.log");
  for (std::string line; std::getline(in, line);) names.push_back(line);
  return names;
}

nlohmann::json SmtpPeer::messages() const {
  std::string output;
  const int rc = run_command(std::string("/usr/bin/python3 ") + HERALD_READ_MAILDIR + " '" + maildir().string() + "'", &output);
  if (rc != 0) throw std::runtime_error("read_maildir.py failed: " + output);
  return nlohmann::json::parse(output);
}

int run_command(const std::string& command, std::string* output) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    if (output != nullptr) output->append(buffer, n);
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace herald::testkit
