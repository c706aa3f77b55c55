package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestRenderWholePageWithLength(t *testing.T) {
	page := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<p>Sveiki</p>")
		return err
	})
	rec := httptest.NewRecorder()
	Render(rec, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusCreated, page)
	if rec.Code != http.StatusCreated || rec.Body.String() != "<p>Sveiki</p>" {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
	if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(len("<p>Sveiki</p>")) {
		t.Errorf("Content-Length %q", got)
	}
}

// A page that fails half-way is not sent half-way under its status: the
// person sees the error page.
func TestRenderFailureGivesErrorPage(t *testing.T) {
	page := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		io.WriteString(w, "<p>half a table")
		return errors.New("a row could not be drawn")
	})
	rec := httptest.NewRecorder()
	Render(rec, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusOK, page)
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "half a table") {
		t.Error("the half-drawn page was sent")
	}
}

// A request that failed because the database went away is answered 503
// with a time to come back, not 500: sending it again later will work.
func TestErrorOfAnUnreachableDatabaseIs503(t *testing.T) {
	rec := httptest.NewRecorder()
	Error(rec, httptest.NewRequest(http.MethodGet, "/petitions", nil), fmt.Errorf("list: %w", pgconn.ErrConnClosed))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q: want 503 with a Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	rec = httptest.NewRecorder()
	Error(rec, httptest.NewRequest(http.MethodGet, "/petitions", nil), errors.New("a bug"))
	if rec.Code != http.StatusInternalServerError || rec.Header().Get("Retry-After") != "" {
		t.Errorf("an internal error: status %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
}
