"""Every wait CallPath makes, named. The run's deadline caps them all (see budget.Budget)."""

DEFAULT_DEADLINE_S = 20.0     # the whole diagnosis
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
SAMPLE_S = 5.0                # a path-quality sample over UDP (STUN, DNS), like a call's media
SAMPLE_QUALITY_S = 8.0        # a longer sample when the user reports poor quality
SAMPLE_RATE_PPS = 20          # requests a second, about a voice stream's packet rate
SAMPLE_FALLBACK_S = 1.5       # first request kind unanswered this long: try the next (TURN Allocate)
SAMPLE_GIVE_UP_S = 3.0        # nothing answered this long: the target is silent
SAMPLE_TAIL_S = 1.0           # after the last request, wait this long for late answers
ROUTE_COMMAND_TIMEOUT_S = 3.0 # 'route'/'netstat' on macOS and Windows
