package petitions

import (
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// Lookups a client may make on the public status page: a burst of
// statusBurst, refilled at statusBurst a minute. Enough for a person who
// mistypes; too few to guess check codes.
const (
	statusBurst  = 10
	statusPeriod = time.Minute
)

// ipLimiter is a token bucket per client address.
type ipLimiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	burst   float64
	rate    float64 // tokens a second
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newIPLimiter(burst int, period time.Duration) *ipLimiter {
	return &ipLimiter{buckets: map[string]*bucket{}, burst: float64(burst), rate: float64(burst) / period.Seconds()}
}

// allow takes a token for key, telling whether there was one.
func (l *ipLimiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	// Full buckets carry no information: drop them now and then so the map
	// does not grow with every address that ever asked.
	if now.Sub(l.swept) > 10*time.Minute {
		for k, b := range l.buckets {
			if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// clientIP is the address the request came from (RemoteAddr, which a
// trusted proxy's real-IP middleware may already have set).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// statusView is the public status page: the form, and what a lookup found.
type statusView struct {
	Number     string
	Code       string
	Errors     form.Errors
	NotFound   bool
	TooMany    bool
	Found      bool
	State      State
	Received   time.Time
	Due        time.Time
	AnsweredOn *time.Time
}

func (h *Handler) statusPage(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, statusPage(statusView{}))
}

// dummyCode is compared against when no submission has the number, so that
// a wrong number takes as long as a wrong code.
const dummyCode = "XXXXXXXXXXXX"

func (h *Handler) statusLookup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !h.statusLimit.allow(clientIP(r), time.Now()) {
		w.Header().Set("Retry-After", "60")
		web.Render(w, r, http.StatusTooManyRequests, statusPage(statusView{TooMany: true}))
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := statusView{
		Number: f.Text("number", true, 60),
		Code:   strings.ToUpper(strings.ReplaceAll(f.Text("code", true, 20), " ", "")),
	}
	if f.Errors.Any() {
		v.Errors = f.Errors
		web.Render(w, r, http.StatusUnprocessableEntity, statusPage(v))
		return
	}
	var code string
	err = h.deps.Pool.QueryRow(ctx, `select check_code, state, received_at, due_date, answered_on
		from petitions where reg_number = $1`, v.Number).Scan(&code, &v.State, &v.Received, &v.Due, &v.AnsweredOn)
	if errors.Is(err, pgx.ErrNoRows) {
		code = dummyCode
	} else if err != nil {
		web.Error(w, r, err)
		return
	}
	match := subtle.ConstantTimeCompare([]byte(strings.ToUpper(code)), []byte(v.Code)) == 1
	if !match || errors.Is(err, pgx.ErrNoRows) {
		web.Render(w, r, http.StatusNotFound, statusPage(statusView{Number: v.Number, NotFound: true}))
		return
	}
	v.Found, v.Code = true, ""
	web.Render(w, r, http.StatusOK, statusPage(v))
}
