package press

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/web"
)

// approvalsView is what waits for the head's approval: releases and
// official texts, the oldest waiting first.
type approvalsView struct {
	Releases []Release
	Texts    []OfficialText
	Names    map[int64]Contact
	// Statements in an emergency waiting for a decision, by emergency.
	Statements []WaitingStatements
}

func (h *Handler) approvals(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var v approvalsView
	var err error
	if v.Releases, v.Texts, err = h.store.AwaitingApproval(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Statements, err = h.store.StatementsWaiting(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	var ids []int64
	for _, t := range v.Texts {
		ids = append(ids, presentIDs(t.OfficialID)...)
	}
	if v.Names, err = h.store.Contacts(ctx, ids); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, approvalsPage(v))
}
