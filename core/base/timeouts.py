"""Every wait CallPath makes, named. The run's deadline caps them all (see budget.Budget)."""

DEFAULT_DEADLINE_S = 20.0     # the whole diagnosis
TASK_START_GAP_S = 0.01       # between two of a run's tasks starting (engine/runner.py)
DNS_TIMEOUT_S = 3.0           # one DNS lookup over UDP (all configured servers asked at once)
DNS_RESEND_S = 1.0            # unanswered this long: ask once more (a lost packet is not a failure)
DNS_TCP_TIMEOUT_S = 3.0       # the TCP retry of a truncated DNS answer
INJECTION_WINDOW_S = 2.0      # how long to collect answers from an address that runs no resolver
DOH_TIMEOUT_S = 5.0           # one DNS-over-HTTPS lookup
TCP_CONNECT_TIMEOUT_S = 4.0   # one TCP connect
TLS_HANDSHAKE_TIMEOUT_S = 5.0 # one TLS handshake, after the connect
HTTP_CONNECT_TIMEOUT_S = 4.0  # requests' connect phase
HTTP_READ_TIMEOUT_S = 5.0     # requests' wait between bytes
HTTP_TOTAL_TIMEOUT_S = 8.0    # one HTTP exchange, all told
HTTP_BODY_CAP_BYTES = 64 * 1024
# A voice sample's size is set by what it must decide (docs/design.md, "How many packets a voice
# sample sends"): the analysis judges loss on its 95 % Wilson interval, and a part's shared way
# by its cleanest sample (pathquality.Part.shared_loss_lo), so one sample alone must tell 5 %
# loss from 10 %. Their intervals stop overlapping at about 430 packets (both reach 7.5 %);
# 100 packets read 2.2-11.2 % against 5.5-17.4 %. 5 s at 100 a second sends 500: 3.4-7.3 %
# against 7.7-12.9 %. Not longer: the samples run side by side and the verdict waits for them,
# so their length is the run's, and the verdict must come within 6 s (a call's own 50 a second
# would need 8.6 s). Not faster: 100 a second is twice a call's media rate, about 5 KB a second
# to each server for 5 s, once a run, and 1/15 of the one per-client limit a public resolver
# publishes (Google Public DNS, 1,500 queries a second). None of the servers sampled (Google's,
# Nextcloud's, Xiaomi's and Tencent's STUN, the Teams relays, 114DNS, DNSPod) publishes one
# that we know of. AliDNS's free resolver is reported to allow 20 queries a second per address:
# CallPath asks it once, over DoH, and it must never become a sample target at this rate.
SAMPLE_S = 5.0                # a path-quality sample over UDP (STUN, DNS), like a call's media
SAMPLE_QUALITY_S = 8.0        # a longer sample when the user reports poor quality (800 packets)
SAMPLE_RATE_PPS = 100         # requests a second to each target: 500 in a 5 s sample (see above)
SAMPLE_FALLBACK_S = 1.5       # first request kind unanswered this long: try the next (TURN Allocate)
SAMPLE_GIVE_UP_S = 3.0        # nothing answered this long: the target is silent
SAMPLE_TAIL_S = 1.0           # a request unanswered this long is lost: the most a sample waits
                              # after its last request, for answers still on their way
ROUTE_COMMAND_TIMEOUT_S = 3.0 # 'route'/'netstat' on macOS and Windows

# The opt-in busy-line test (engine/busyline.py): each direction loaded this long at most, and
# up to this many bytes (both said before it runs: --busy-line's help, the app's offer).
BUSY_LINE_S = 4.5
BUSY_LINE_BYTES = 25 * 10**6
BUSY_LINE_MB = round(2 * BUSY_LINE_BYTES / 10**6)
BUSY_LINE_LOAD_S = round(2 * BUSY_LINE_S)
# How long the test usually takes: the directory, 2 s idle, both loads and their tails.
BUSY_LINE_EXPECTED_S = 13.0
