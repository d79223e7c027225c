#include "workershared.h"

#include <cerrno>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace Amqp::Detail {

Wakeup::Wakeup() : m_fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

Wakeup::~Wakeup()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void Wakeup::signal()
{
    const quint64 one = 1;
    [[maybe_unused]] const auto written = ::write(m_fd, &one, sizeof one);
}

void Wakeup::clear()
{
    quint64 count = 0;
    [[maybe_unused]] const auto read = ::read(m_fd, &count, sizeof count);
}

bool Wakeup::wait(int socketFd, int timeoutMs)
{
    pollfd fds[2] = {{m_fd, POLLIN, 0}, {socketFd, POLLIN, 0}};
    const int count = socketFd >= 0 ? 2 : 1;
    int result = 0;
    do {
        result = ::poll(fds, nfds_t(count), qMax(0, timeoutMs));
    } while (result < 0 && errno == EINTR);
    if (result > 0 && (fds[0].revents & POLLIN))
        clear();
    return result > 0;
}

} // namespace Amqp::Detail
