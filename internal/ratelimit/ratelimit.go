// Package ratelimit limits how often one client address may use a public
// page: a token bucket per address, kept in memory. Public forms (the
// submission status page, sign-in) keep one each.
package ratelimit

import (
	"net/http"
	"sync"
	"time"

	"github.com/daugavpils/prdesk/internal/web"
)

// Limiter is a token bucket per key: a burst of Burst, refilled at Burst
// per Period.
type Limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	burst   float64
	rate    float64 // tokens a second
	swept   time.Time
	now     func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// New is a limiter of burst uses, refilled at burst per period; now is the clock.
func New(burst int, period time.Duration, now func() time.Time) *Limiter {
	return &Limiter{buckets: map[string]*bucket{}, burst: float64(burst),
		rate: float64(burst) / period.Seconds(), now: now}
}

// Allow takes a token for the request's client address, telling whether there was one.
func (l *Limiter) Allow(r *http.Request) bool { return l.AllowKey(web.ClientIP(r)) }

// AllowKey takes a token for key, telling whether there was one.
func (l *Limiter) AllowKey(key string) bool {
	now := l.now()
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
	b.tokens = min(l.burst, b.tokens+max(0, now.Sub(b.last).Seconds())*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
