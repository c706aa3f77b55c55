package visitors

import (
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"

	"github.com/daugavpils/prdesk/internal/auth"
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

func (h *Handler) routesBoard(m *auth.Mux) {
	m.Get("/visitors/board", auth.AreaVisitors, h.board)
	m.Get("/visitors/board/fragment", auth.AreaVisitors, h.boardFragment)
}

type boardView struct {
	Board    Board
	Official int64  // 0: every official
	Seen     string // the digest of what the board shows
}

// digest identifies what a board shows, so a poll can tell it is unchanged.
func (b Board) digest() string {
	f := fnv.New64a()
	for _, t := range b.Called {
		f.Write([]byte("c" + t.Ticket + "\x00" + t.Room + "\x00"))
	}
	for _, t := range b.Waiting {
		f.Write([]byte("w" + t.Ticket + "\x00" + t.Room + "\x00"))
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
	v.Official, _ = strconv.ParseInt(r.URL.Query().Get("official"), 10, 64)
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
	if r.URL.Query().Get("seen") == v.Seen {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	web.Render(w, r, http.StatusOK, boardFragment(v))
}
