package users

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// GrantsPage is how many grants one page of the head's list shows.
const GrantsPage = 50

// GrantsRecentDays is how far back the head's home page counts grants.
const GrantsRecentDays = 14

type accessView struct {
	Rows  []Grant
	First string
	Next  string
}

// accessList is the head's list of access given to residents' personal
// data: each role that reads it given to an account (when it was made or
// edited), and each password an administrator set for an account holding
// such a role, with when and by whom. The administrator keeps the accounts
// and reads no personal data; this is how the head sees what they gave.
func (h *Handler) accessList(w http.ResponseWriter, r *http.Request) {
	before, _ := strconv.ParseInt(form.URLValues(r).Get("before"), 10, 64)
	rows, err := h.store.Grants(r.Context(), max(before, 0), GrantsPage+1)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := accessView{}
	if before > 0 {
		v.First = "?"
	}
	if len(rows) > GrantsPage {
		rows = rows[:GrantsPage]
		v.Next = "?" + url.Values{"before": {strconv.FormatInt(rows[len(rows)-1].ID, 10)}}.Encode()
	}
	v.Rows = rows
	web.Render(w, r, http.StatusOK, accessPage(v))
}

// roleList is roles (as the log stores them) in the words of the page.
func roleList(roles []string) []auth.Role {
	out := make([]auth.Role, len(roles))
	for i, r := range roles {
		out[i] = auth.Role(r)
	}
	return out
}
