#pragma once
// The switch's end of an in-memory connection, for fuzz_session: bytes pushed in are what the
// Session reads (readyRead when told), what the Session writes is kept until taken, and the
// peer can close its side (readChannelFinished) or make writes fail.

#include <QIODevice>

#include <algorithm>
#include <cstring>
#include <utility>

class PeerDevice final : public QIODevice
{
public:
    PeerDevice() { open(QIODevice::ReadWrite | QIODevice::Unbuffered); }

    void push(QByteArrayView bytes)
    {
        if (isOpen())
            m_in.append(bytes);
    }
    void deliver()
    {
        if (isOpen() && !m_finished)
            Q_EMIT readyRead();
    }
    void finishReading()
    {
        if (isOpen() && !m_finished) {
            m_finished = true;
            Q_EMIT readChannelFinished();
        }
    }
    void setWritesFail(bool fail) { m_writesFail = fail; }
    QByteArray takeWritten() { return std::exchange(m_out, {}); }

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override
    {
        return m_in.size() - m_read + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min<qint64>(maxSize, m_in.size() - m_read);
        std::memcpy(data, m_in.constData() + m_read, size_t(n));
        m_read += n;
        if (m_read == m_in.size()) {
            m_in.clear();
            m_read = 0;
        }
        return n;
    }
    qint64 writeData(const char *data, qint64 size) override
    {
        if (m_writesFail)
            return -1;
        m_out.append(data, size);
        return size;
    }

private:
    QByteArray m_in;
    qint64 m_read = 0;
    QByteArray m_out;
    bool m_finished = false;
    bool m_writesFail = false;
};
