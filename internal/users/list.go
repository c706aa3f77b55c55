package users

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/web"
)

type listView struct {
	Users []auth.User
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	us, err := h.store.List(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(listView{Users: us}))
}
