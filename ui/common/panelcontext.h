#pragma once
// What a supervisor panel (conferences, queues, registrations, parking) is given by the main
// window: the hub (servers, their SupervisorPanels stores), the call control its actions go
// through (audited, at most once, timed out: CallControl::serverCommand), the calls panel (the
// selected call; drags come from its view) and the notice strip where outcomes are told.

namespace Monitor {
class Hub;
}
namespace Console {
class CallControl;
}

namespace Ui {

class CallsPanel;
class NoticeBar;

struct PanelContext
{
    Monitor::Hub *hub = nullptr;
    Console::CallControl *control = nullptr;
    CallsPanel *calls = nullptr;
    NoticeBar *notices = nullptr;
};

} // namespace Ui
