// `show application [<name>] [as json]` of the simulated switch: the applications of a vanilla
// FreeSWITCH 1.10.12 (mod_dptools and the modules its default modules.conf.xml loads), as their
// SWITCH_ADD_APP lines register them: name, short description, syntax, module. The switch lists
// only those with a description, ordered by name. The sim runs every one of them: those it
// models (simapps.cpp) as the switch does, the others as an application that runs a moment and
// completes; a name not in this table is an "Invalid Application", as on the real switch.

#include "simapplications.h"

#include "esl/wire/json.h"

#include <QList>

#include <algorithm>
#include <iterator>

namespace Sim {

namespace {

using Application = Interface;

// clang-format off
constexpr Application kApplications[] = {
    {"acknowledge_call", "Indicate Call Acknowledged", "", "mod_dptools"},
    {"answer", "Answer the call", "", "mod_dptools"},
    {"att_xfer", "Attended Transfer", "<channel_url>", "mod_dptools"},
    {"bgsystem", "Execute a system command in the background", "<command>", "mod_dptools"},
    {"bind_digit_action", "bind a key sequence or regex to an action", "<realm>,<digits|~regex>,<string>[,<value>][,<dtmf target leg>][,<event target leg>]", "mod_dptools"},
    {"bind_meta_app", "Bind a key to an application", "<key> [a|b|ab] [a|b|o|s|i|1] <app>", "mod_dptools"},
    {"block_dtmf", "Block DTMF", "", "mod_dptools"},
    {"break", "Break", "", "mod_dptools"},
    {"bridge", "Bridge Audio", "<channel_url>", "mod_dptools"},
    {"bridge_export", "Export a channel variable across a bridge", "<varname>=<value>", "mod_dptools"},
    {"broadcast", "Broadcast File", "<path> <leg>", "mod_dptools"},
    {"callcenter", "CallCenter", "queue_name", "mod_callcenter"},
    {"callcenter_track", "CallCenter Track Call", "queue_name", "mod_callcenter"},
    {"capture", "capture data into a var", "<varname>|<data>|<regex>", "mod_dptools"},
    {"capture_text", "capture text", "", "mod_dptools"},
    {"check_acl", "Check an ip against an ACL list", "<ip> <acl | cidr> [<hangup_cause>]", "mod_dptools"},
    {"clear_digit_action", "clear all digit bindings", "<realm>|all[,target]", "mod_dptools"},
    {"clear_speech_cache", "Clear Speech Handle Cache", "", "mod_dptools"},
    {"cng_plc", "Do PLC on CNG frames", "", "mod_dptools"},
    {"conference", "conference", "", "mod_conference"},
    {"conference_set_auto_outcall", "conference_set_auto_outcall", "", "mod_conference"},
    {"db", "Insert to the db", "[insert|delete]/<realm>/<key>/<val>", "mod_db"},
    {"debug_media", "Debug Media", "<read|write|both|vread|vwrite|vboth|all> <on|off>", "mod_dptools"},
    {"deduplicate_dtmf", "Prevent duplicate inband + 2833 dtmf", "[only_rtp]", "mod_dptools"},
    {"deflect", "Send call deflect", "<deflect_data>", "mod_dptools"},
    {"delay_echo", "echo audio at a specified delay", "<delay ms>", "mod_dptools"},
    {"detect_audio", "detect_audio", "<threshold> <audio_hits> <timeout_ms> [<file>]", "mod_dptools"},
    {"detect_silence", "detect_silence", "<threshold> <silence_hits> <timeout_ms> [<file>]", "mod_dptools"},
    {"detect_speech", "Detect speech", "<mod_name> <gram_name> <gram_path> [<addr>] OR grammar <gram_name> [<path>] OR nogrammar <gram_name> OR grammaron/grammaroff <gram_name> OR grammarsalloff OR pause OR resume OR start_input_timers OR stop OR param <name> <value>", "mod_dptools"},
    {"digit_action_set_realm", "change binding realm", "<realm>[,<target>]", "mod_dptools"},
    {"displace_session", "Displace File", "<path> [<flags>] [+time_limit_ms]", "mod_dptools"},
    {"early_hangup", "Enable early hangup", "", "mod_dptools"},
    {"eavesdrop", "eavesdrop on a uuid", "[all | <uuid>]", "mod_dptools"},
    {"echo", "Echo", "", "mod_dptools"},
    {"enable_heartbeat", "Enable Media Heartbeat", "[0|<seconds>]", "mod_dptools"},
    {"enable_keepalive", "Enable Keepalive", "[0|<seconds>]", "mod_dptools"},
    {"endless_playback", "Playback File Endlessly", "<path>", "mod_dptools"},
    {"eval", "Do Nothing", "", "mod_dptools"},
    {"event", "Fire an event", "", "mod_dptools"},
    {"execute_extension", "Execute an extension", "<extension> <dialplan> <context>", "mod_dptools"},
    {"export", "Export a channel variable across a bridge", "<varname>=<value>", "mod_dptools"},
    {"fax_detect", "Detect faxes", "", "mod_dptools"},
    {"fifo", "Park with FIFO", "<fifo name>[!<importance_number>] [in [<announce file>|undef] [<music file>|undef] [early|noans] | out [wait|nowait] [<announce file>|undef] [<music file>|undef]]", "mod_fifo"},
    {"fifo_track_call", "Count a call as a fifo call in the manual_calls queue", "<fifo_outbound_uuid>", "mod_fifo"},
    {"filter_codecs", "Filter Codecs", "<codec string>", "mod_dptools"},
    {"flush_dtmf", "flush any queued dtmf", "", "mod_dptools"},
    {"gentones", "Generate Tones", "<tgml_script>[|<loops>]", "mod_dptools"},
    {"group", "Manage a group", "[insert|delete]:<group name>:<val>", "mod_db"},
    {"hangup", "Hangup the call", "[<cause>]", "mod_dptools"},
    {"hash", "Insert into the hashtable", "[insert|insert_ifempty|delete|delete_ifmatch]/<realm>/<key>/<val>", "mod_hash"},
    {"hold", "Send a hold message", "[<display message>]", "mod_dptools"},
    {"httapi", "HT-TAPI Hypertext Telephony API", "{<param1>=<val1>}", "mod_httapi"},
    {"info", "Display Call Info", "", "mod_dptools"},
    {"intercept", "intercept", "[-bleg] <uuid>", "mod_dptools"},
    {"ivr", "Run an ivr menu", "<menu_name>", "mod_dptools"},
    {"jitterbuffer", "Send session jitterbuffer", "<jitterbuffer_data>", "mod_dptools"},
    {"limit", "Limit", "<backend> <realm> <id> [<max>[/interval]] [number [dialplan [context]]]", "mod_dptools"},
    {"limit_execute", "Limit", "<backend> <realm> <id> <max>[/interval] <application> [application arguments]", "mod_dptools"},
    {"limit_hash", "Limit", "<realm> <id> [<max>[/interval]] [number [dialplan [context]]]", "mod_dptools"},
    {"limit_hash_execute", "Limit", "<realm> <id> <max>[/interval] <application> [application arguments]", "mod_dptools"},
    {"log", "Logs to the logger", "<log_level> <log_string>", "mod_dptools"},
    {"loop_playback", "Playback File looply", "[+loops] <path>", "mod_dptools"},
    {"lua", "Launch LUA ivr", "<script>", "mod_lua"},
    {"media_reset", "Reset all bypass/proxy media flags", "", "mod_dptools"},
    {"mkdir", "Create a directory", "<path>", "mod_dptools"},
    {"multiset", "Set many channel variables", "[^^<delim>]<varname>=<value> <var2>=<val2>", "mod_dptools"},
    {"multiunset", "Unset many channel variables", "[^^<delim>]<varname> <var2> <var3>", "mod_dptools"},
    {"mutex", "block on a call flow only allowing one at a time", "<keyname>[ on|off]", "mod_dptools"},
    {"native_eavesdrop", "eavesdrop on a uuid", "<uuid> [read|write]", "mod_dptools"},
    {"novideo", "Refuse Inbound Video", "", "mod_dptools"},
    {"park", "Park", "", "mod_dptools"},
    {"park_state", "Park State", "", "mod_dptools"},
    {"phrase", "Say a Phrase", "<macro_name>,<data>", "mod_dptools"},
    {"pickup", "Pickup", "[<key>]", "mod_dptools"},
    {"play_and_detect_speech", "Play and do speech recognition", "<file> detect:<engine> {param1=val1,param2=val2}<grammar>", "mod_dptools"},
    {"play_and_get_digits", "Play and get Digits", "\n\t<min> <max> <tries> <timeout> <terminators> <file> <invalid_file> <var_name> <regexp> [<digit_timeout>] ['<failure_ext> [failure_dp [failure_context]]']", "mod_dptools"},
    {"playback", "Playback File", "<path>", "mod_dptools"},
    {"pre_answer", "Pre-Answer the call", "", "mod_dptools"},
    {"preprocess", "pre-process", "", "mod_dptools"},
    {"presence", "Send Presence", "<rpid> <status> [<id>]", "mod_dptools"},
    {"privacy", "Set privacy on calls", "off|on|name|full|number", "mod_dptools"},
    {"push", "Set a channel variable", "<varname>=<value>", "mod_dptools"},
    {"queue_dtmf", "Queue dtmf to be sent", "<dtmf_data>", "mod_dptools"},
    {"read", "Read Digits", "<min> <max> <file> <var_name> <timeout> <terminators> <digit_timeout>", "mod_dptools"},
    {"record", "Record File", "<path> [<time_limit_secs>] [<silence_thresh>] [<silence_hits>]", "mod_dptools"},
    {"record_session", "Record Session", "<path> [+<timeout>]", "mod_dptools"},
    {"record_session_mask", "Mask audio in recording", "<path>", "mod_dptools"},
    {"record_session_pause", "Pause recording", "<path>", "mod_dptools"},
    {"record_session_resume", "Resume paused recording", "<path>", "mod_dptools"},
    {"record_session_unmask", "Stop masking audio in recording", "<path>", "mod_dptools"},
    {"recovery_refresh", "Send call recovery_refresh", "", "mod_dptools"},
    {"redirect", "Send session redirect", "<redirect_data>", "mod_dptools"},
    {"remove_bugs", "Remove media bugs", "[<function>]", "mod_dptools"},
    {"rename", "Rename file", "<from_path> <to_path>", "mod_dptools"},
    {"respond", "Send session respond", "<respond_data>", "mod_dptools"},
    {"reuse_caller_profile", "Reuse the caller profile", "", "mod_dptools"},
    {"ring_ready", "Indicate Ring_Ready", "", "mod_dptools"},
    {"rxfax", "FAX Receive Application", "<filename>", "mod_spandsp"},
    {"say", "say", "<module_name>[:<lang>] <say_type> <say_method> [<say_gender>] <text>", "mod_dptools"},
    {"sched_broadcast", "Schedule a broadcast in the future", "[+]<time> <path> [aleg|bleg|both]", "mod_dptools"},
    {"sched_cancel", "cancel scheduled tasks", "[group]", "mod_dptools"},
    {"sched_hangup", "Schedule a hangup in the future", "[+]<time> [<cause>]", "mod_dptools"},
    {"sched_heartbeat", "Enable Scheduled Heartbeat", "[0|<seconds>]", "mod_dptools"},
    {"sched_transfer", "Schedule a transfer in the future", "[+]<time> <extension> <dialplan> <context>", "mod_dptools"},
    {"send_display", "Send session a new display", "<text>", "mod_dptools"},
    {"send_dtmf", "Send dtmf to be sent", "<dtmf_data>", "mod_dptools"},
    {"send_info", "Send info", "<info>", "mod_dptools"},
    {"session_loglevel", "session_loglevel", "<level>", "mod_dptools"},
    {"set", "Set a channel variable", "<varname>=<value>", "mod_dptools"},
    {"set_audio_level", "set volume", "", "mod_dptools"},
    {"set_global", "Set a global variable", "<varname>=<value>", "mod_dptools"},
    {"set_media_stats", "Set Media Stats", "", "mod_dptools"},
    {"set_mute", "set mute", "", "mod_dptools"},
    {"set_name", "Name the channel", "<name>", "mod_dptools"},
    {"set_profile_var", "Set a caller profile variable", "<varname>=<value>", "mod_dptools"},
    {"set_user", "Set a User", "<user>@<domain> [prefix]", "mod_dptools"},
    {"set_zombie_exec", "Enable Zombie Execution", "", "mod_dptools"},
    {"sleep", "Pause a channel", "<pausemilliseconds>", "mod_dptools"},
    {"socket", "Connect to a socket", "<ip>[:<port>]", "mod_event_socket"},
    {"sofia_sla", "private sofia sla function", "<uuid>", "mod_sofia"},
    {"sofia_stir_shaken_vs", "Verify SIP Identity header and store result in sip_verstat channel variable", "", "mod_sofia"},
    {"soft_hold", "Put a bridged channel on hold", "<unhold key> [<moh_a>] [<moh_b>]", "mod_dptools"},
    {"sound_test", "Analyze Audio", "", "mod_dptools"},
    {"spandsp_detect_tdd", "Detect TDD data", "", "mod_spandsp"},
    {"spandsp_inject_tdd", "Send TDD data", "", "mod_spandsp"},
    {"spandsp_send_tdd", "Send TDD data", "", "mod_spandsp"},
    {"spandsp_start_dtmf", "Detect dtmf", "", "mod_spandsp"},
    {"spandsp_start_fax_detect", "start fax detect", "<app>[ <arg>][ <timeout>][ <tone_type>]", "mod_spandsp"},
    {"spandsp_start_tone_detect", "Start background tone detection with cadence", "<name>", "mod_spandsp"},
    {"spandsp_stop_detect_tdd", "stop sending tdd", "", "mod_spandsp"},
    {"spandsp_stop_dtmf", "stop inband dtmf", "", "mod_spandsp"},
    {"spandsp_stop_fax_detect", "stop fax detect", "", "mod_spandsp"},
    {"spandsp_stop_inject_tdd", "stop sending tdd", "", "mod_spandsp"},
    {"spandsp_stop_tone_detect", "Stop background tone detection with cadence", "", "mod_spandsp"},
    {"speak", "Speak text", "<engine>|<voice>|<text>", "mod_dptools"},
    {"start_dtmf", "Detect dtmf", "", "mod_dptools"},
    {"start_dtmf_generate", "Generate dtmf", "", "mod_dptools"},
    {"stop", "Do Nothing", "", "mod_dptools"},
    {"stop_displace_session", "Stop Displace File", "<path>", "mod_dptools"},
    {"stop_dtmf", "stop inband dtmf", "", "mod_dptools"},
    {"stop_dtmf_generate", "stop inband dtmf generation", "[write]", "mod_dptools"},
    {"stop_record_session", "Stop Record Session", "<path>", "mod_dptools"},
    {"stop_tone_detect", "stop detecting tones", "", "mod_dptools"},
    {"stop_video_write_overlay", "Stop video write overlay", "<path>", "mod_dptools"},
    {"stopfax", "Stop FAX Application", "", "mod_spandsp"},
    {"strftime", "strftime", "[<epoch>|]<format string>", "mod_dptools"},
    {"system", "Execute a system command", "<command>", "mod_dptools"},
    {"t38_gateway", "Convert to T38 Gateway if tones are heard", "", "mod_spandsp"},
    {"three_way", "three way call with a uuid", "<uuid>", "mod_dptools"},
    {"tone_detect", "Detect tones", "", "mod_dptools"},
    {"transfer", "Transfer a channel", "<exten> [<dialplan> <context>]", "mod_dptools"},
    {"transfer_vars", "Transfer variables", "<~variable_prefix|variable>", "mod_dptools"},
    {"txfax", "FAX Transmit Application", "<filename>", "mod_spandsp"},
    {"unbind_meta_app", "Unbind a key from an application", "[<key>]", "mod_dptools"},
    {"unblock_dtmf", "Stop blocking DTMF", "", "mod_dptools"},
    {"unhold", "Send a un-hold message", "", "mod_dptools"},
    {"unloop", "Tell loopback to unfold", "", "mod_loopback"},
    {"unset", "Unset a channel variable", "<varname>", "mod_dptools"},
    {"unshift", "Set a channel variable", "<varname>=<value>", "mod_dptools"},
    {"vad_test", "VAD test", "[mode]", "mod_dptools"},
    {"valet_park", "valet_park", "<lotname> <extension>|[ask [<min>] [<max>] [<to>] [<prompt>]|auto [in|out] [min] [max]]", "mod_valet_parking"},
    {"verbose_events", "Make ALL Events verbose.", "", "mod_dptools"},
    {"video_decode", "Set video decode.", "[[on|wait]|off]", "mod_dptools"},
    {"video_refresh", "Send video refresh.", "[manual|auto]", "mod_dptools"},
    {"video_write_overlay", "Video write overlay", "<path> [<pos>] [<alpha>]", "mod_dptools"},
    {"voicemail", "Voicemail", "[check] [auth] <profile_name> <domain_name> [<id>] [uuid]", "mod_voicemail"},
    {"wait_for_answer", "Wait for call to be answered", "", "mod_dptools"},
    {"wait_for_silence", "wait_for_silence", "<silence_thresh> <silence_hits> <listen_hits> <timeout_ms> [<file>]", "mod_dptools"},
    {"wait_for_video_ready", "Wait for video stream to be ready", "[<ms, 1..10000>]", "mod_dptools"},
};
// clang-format on

} // namespace

bool isApplication(const QString &name)
{
    const QByteArray key = name.toUtf8();
    return std::any_of(std::begin(kApplications), std::end(kApplications),
                       [&](const Application &a) { return key == a.name; });
}

QByteArray showApplications(const QString &name, bool json)
{
    QList<const Interface *> rows;
    for (const Application &a : kApplications) {
        if (name.isEmpty() || name == QLatin1StringView(a.name))
            rows.append(&a);
    }
    return showInterfaces(rows, json);
}

QByteArray showInterfaces(const QList<const Interface *> &rows, bool json)
{
    if (json) {
        if (rows.isEmpty())
            return "{\"row_count\": 0}\n";
        QByteArray out = "{\"row_count\":" + QByteArray::number(rows.size()) + ",\"rows\":[";
        for (qsizetype i = 0; i < rows.size(); ++i) {
            out += i ? ",{" : "{";
            const std::pair<const char *, const char *> cells[] = {
                {"name", rows[i]->name},
                {"description", rows[i]->description},
                {"syntax", rows[i]->syntax},
                {"ikey", rows[i]->ikey}};
            for (const auto &[key, value] : cells) {
                if (out.back() != '{')
                    out += ',';
                Esl::wire::appendJsonString(out, key);
                out += ':';
                Esl::wire::appendJsonString(out, value);
            }
            out += '}';
        }
        return out + "]}";
    }
    QByteArray out = rows.isEmpty() ? QByteArray() : "name,description,syntax,ikey\n";
    for (const Interface *row : rows)
        out += QByteArray(row->name) + ',' + row->description + ',' + row->syntax + ',' +
               row->ikey + '\n';
    return out + "\n" + QByteArray::number(rows.size()) + " total.\n";
}

} // namespace Sim
