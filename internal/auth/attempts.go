package auth

import (
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// AttemptsPage is how many attempts one page of the administrator's list shows.
const AttemptsPage = 50

type attemptsView struct {
	Username string
	Remote   string
	Rows     []Attempt
	First    string
	Next     string
	Errors   form.Errors
}

// attemptsList is the administrator's list of sign-in attempts, newest
// first, filtered by user name and address. User names and addresses are
// the staff's, not the residents': the administrator may see them.
func (h *Handler) attemptsList(w http.ResponseWriter, r *http.Request) {
	q := form.FromURL(r)
	v := attemptsView{}
	v.Username = strings.ToLower(q.Text("username", false, 100))
	v.Remote = q.Text("remote", false, 64)
	if v.Remote != "" && q.Errors.Get("remote") == "" {
		if a, err := netip.ParseAddr(v.Remote); err != nil {
			q.Add("remote", "logins.err_address")
		} else {
			v.Remote = a.Unmap().String()
		}
	}
	f := AttemptFilter{Username: v.Username, Remote: v.Remote}
	f.AfterAt, f.AfterID = readAttemptKey(q.Raw("before"))
	v.Errors = q.Errors
	if v.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, attemptsPage(v))
		return
	}
	rows, err := h.attempts.list(r.Context(), f, AttemptsPage+1)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	base := url.Values{}
	if v.Username != "" {
		base.Set("username", v.Username)
	}
	if v.Remote != "" {
		base.Set("remote", v.Remote)
	}
	if f.AfterID != 0 {
		v.First = "?" + base.Encode()
	}
	if len(rows) > AttemptsPage {
		rows = rows[:AttemptsPage]
		last := rows[len(rows)-1]
		base.Set("before", attemptKey(last))
		v.Next = "?" + base.Encode()
	}
	v.Rows = rows
	web.Render(w, r, http.StatusOK, attemptsPage(v))
}

// attemptKey is the keyset of the next page: the last row's time (in
// microseconds, as PostgreSQL keeps it) and id.
func attemptKey(a Attempt) string {
	return strconv.FormatInt(a.CreatedAt.UnixMicro(), 10) + "." + strconv.FormatInt(a.ID, 10)
}

// readAttemptKey reads attemptKey; anything else is the first page.
func readAttemptKey(s string) (time.Time, int64) {
	at, id, ok := strings.Cut(s, ".")
	if !ok {
		return time.Time{}, 0
	}
	us, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n <= 0 {
		return time.Time{}, 0
	}
	return time.UnixMicro(us), n
}

// filterURL is the list filtered by one user name or one address.
func filterURL(name, value string) string {
	return "/admin/logins?" + url.Values{name: {value}}.Encode()
}

// outcomeTone is the badge colour of an outcome.
func outcomeTone(o string) string {
	switch o {
	case OutcomeSuccess:
		return "ok"
	case OutcomeFailure:
		return "bad"
	}
	return "warn"
}
