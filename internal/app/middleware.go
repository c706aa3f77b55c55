package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/metrics"
)

type requestIDKey struct{}

// RequestIDFrom is the id given to the request, for logs and error pages.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// requestID gives each request an id, echoed in X-Request-Id and carried by every log line.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog writes one JSON line a request, counts it in the metrics by
// its route pattern, and turns a panic into a 500. It gives the request
// chi's route context itself, so that the pattern chi matched is still
// there to read once the handler has run (chi's router would otherwise
// take one from its pool and reset it on the way out).
func accessLog(m *metrics.Metrics, routes chi.Routes) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &statusRecorder{ResponseWriter: w}
			rctx := chi.NewRouteContext()
			rctx.Routes = routes
			r = r.WithContext(context.WithValue(r.Context(), chi.RouteCtxKey, rctx))
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					slog.ErrorContext(r.Context(), "panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
					if rec.status == 0 {
						http.Error(rec, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
					}
				}
				elapsed := time.Since(start)
				status := rec.status
				if status == 0 {
					status = http.StatusOK // a handler that wrote nothing
				}
				m.ObserveRequest(r.Method, rctx.RoutePattern(), status, elapsed)
				level := slog.LevelInfo
				if quietPath(r.URL.Path) {
					level = slog.LevelDebug
				}
				slog.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path,
					"status", rec.status, "bytes", rec.bytes, "duration_ms", float64(elapsed.Microseconds())/1000)
			}()
			next.ServeHTTP(rec, r)
		})
	}
}

// quietPath: the probes' and static files' requests are logged at debug
// level only.
func quietPath(p string) bool {
	return p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/static/")
}

// contentSecurityPolicy allows nothing from another host and no inline script.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// limitBody caps every request body. Multipart uploads get a larger cap
// (MaxUploadBytes); the upload reader then holds each file to its own limit.
func limitBody(max int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil && r.Body != http.NoBody {
				limit := max
				if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
					limit = MaxUploadBytes
				}
				r.Body = http.MaxBytesReader(w, r.Body, limit)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// MaxUploadBytes is the largest multipart request: five scans of 25 MB and the form around them.
const MaxUploadBytes = 5*25<<20 + 2<<20

const langCookie = "lang"

// locale reads the remembered language (Latvian unless English was chosen).
func locale(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := i18n.Default
		if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
			code = c.Value
		}
		next.ServeHTTP(w, r.WithContext(i18n.WithLocale(r.Context(), code)))
	})
}

// requestIDLogHandler adds the request id to every log record made with a request's context.
type requestIDLogHandler struct{ slog.Handler }

func (h requestIDLogHandler) Handle(ctx context.Context, rec slog.Record) error {
	if id := RequestIDFrom(ctx); id != "" {
		rec.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, rec)
}

func (h requestIDLogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDLogHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDLogHandler) WithGroup(name string) slog.Handler {
	return requestIDLogHandler{h.Handler.WithGroup(name)}
}

// NewLogHandler is the JSON log handler with request ids.
func NewLogHandler(w interface{ Write([]byte) (int, error) }, level string) slog.Handler {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return requestIDLogHandler{slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})}
}

// headAsGet answers HEAD wherever GET works, as HTTP requires (calendar
// clients ask HEAD first): the handler runs as for GET, and the server,
// which knows the request was HEAD, sends the headers without the body.
func headAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r = r.Clone(r.Context())
			r.Method = http.MethodGet
		}
		next.ServeHTTP(w, r)
	})
}
