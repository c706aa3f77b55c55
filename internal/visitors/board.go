package visitors

import (
	"context"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The waiting-room board is a TV on the front desk's machine. It polls a
// small fragment every second with htmx rather than holding a server-sent
// event stream: a poll needs no broadcaster between the request that calls
// the next person and the screen (a second server, a restart or a proxy
// changes nothing), each poll is one indexed read of today's tickets, and
// one second is within the two the regulation's display may lag. A poll that
// finds the board unchanged is answered 204, so htmx swaps nothing and the
// live region speaks only when a ticket is called.

// BoardPoll is how often the board asks for changes, in the hx-trigger syntax.
const BoardPoll = "every 1s"

type boardView struct {
	Board    Board
	Official int64  // 0: every official
	Seen     string // the digest of what the board shows
}

// digest identifies what a board shows, so a poll can tell it is unchanged:
// the tickets, their rooms and expected waits, a call again, and the
// clock's minute (the board's clock moves on once a minute).
func (b Board) digest() string {
	f := fnv.New64a()
	f.Write([]byte(b.Now.In(i18n.Riga).Format("2006-01-02 15:04") + "\x00"))
	for _, t := range b.Called {
		called := ""
		if t.Called != nil {
			called = t.Called.Format(time.RFC3339Nano)
		}
		f.Write([]byte("c" + t.Ticket + "\x00" + t.Room + "\x00" + called + strconv.FormatBool(t.Recalled) + t.TransferredFrom + "\x00"))
	}
	for _, t := range b.Waiting {
		f.Write([]byte("w" + t.Ticket + "\x00" + t.Room + "\x00" + t.Wait.String() + t.TransferredFrom + "\x00"))
	}
	return strconv.FormatUint(f.Sum64(), 36)
}

// pollURL is the fragment's address with what the board now shows.
func (v boardView) pollURL() string {
	q := url.Values{}
	if v.Official != 0 {
		q.Set("official", strconv.FormatInt(v.Official, 10))
	}
	q.Set("seen", v.Seen)
	return "/visitors/board/fragment?" + q.Encode()
}

func (h *Handler) boardView(r *http.Request) (boardView, error) {
	v := boardView{}
	v.Official, _ = strconv.ParseInt(form.URLValues(r).Get("official"), 10, 64)
	var err error
	if v.Board, err = h.store.Board(r.Context(), max(v.Official, 0)); err != nil {
		return v, err
	}
	v.Seen = v.Board.digest()
	return v, nil
}

func (h *Handler) board(w http.ResponseWriter, r *http.Request) {
	v, err := h.boardView(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	web.Render(w, r, http.StatusOK, boardPage(v))
}

func (h *Handler) boardFragment(w http.ResponseWriter, r *http.Request) {
	v, err := h.boardView(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if form.URLValues(r).Get("seen") == v.Seen {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	web.Render(w, r, http.StatusOK, boardFragment(v))
}

// boardWait is a waiting ticket's expected wait as the board says it:
// "~15 min", or "drīz" when it is next and nobody is with the official.
func boardWait(ctx context.Context, d time.Duration) string {
	if d <= 0 {
		return i18n.T(ctx, "visitors.board.soon")
	}
	return i18n.T(ctx, "visitors.board.wait", int(d/time.Minute))
}
