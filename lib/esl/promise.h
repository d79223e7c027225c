#pragma once
// QPromise helpers for Qt 6.4 (see the house style's notes): promises are move-only and must be
// finished exactly once, so pending work holds them through a shared pointer; a finished future
// for results known at once (6.4 has no QtFuture::makeReadyValueFuture).

#include <QFuture>
#include <QPromise>

#include <memory>

namespace Esl::detail {

template<typename T>
class SharedPromise
{
public:
    SharedPromise() : m_promise(std::make_shared<QPromise<T>>()) { m_promise->start(); }

    [[nodiscard]] QFuture<T> future() const { return m_promise->future(); }
    [[nodiscard]] bool isFinished() const { return m_promise->future().isFinished(); }

    // Finishes with `value`; later calls do nothing. Whoever calls this must have updated its
    // own state first: a same-thread continuation runs inside finish().
    void finish(T value) const
    {
        if (isFinished())
            return;
        m_promise->addResult(std::move(value));
        m_promise->finish();
    }

private:
    std::shared_ptr<QPromise<T>> m_promise;
};

template<typename T>
QFuture<T> readyFuture(T value)
{
    SharedPromise<T> promise;
    promise.finish(std::move(value));
    return promise.future();
}

} // namespace Esl::detail
