package awards

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/layout"
)

// roundCardView is one round with its nominations, commission, ranking,
// decision and history.
type roundCardView struct {
	R         Round
	Type      Type
	PublicURL string
	Noms      []Nomination
	Members   []Member
	Ranking   []RankedRow
	Timeline  []TimelineLine
	Member    memberForm
	MemberErr string
}

func (h *Handler) roundCard(w http.ResponseWriter, r *http.Request) {
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderRoundCard(w, r, http.StatusOK, roundCardView{R: rd})
}

func (h *Handler) renderRoundCard(w http.ResponseWriter, r *http.Request, status int, v roundCardView) {
	ctx := r.Context()
	var err error
	if v.Type, err = h.store.Type(ctx, v.R.TypeID); err != nil {
		web.Error(w, r, err)
		return
	}
	v.PublicURL = layout.PageFrom(ctx).BaseURL + "/nominate/" + v.R.Token
	if v.Noms, err = h.store.RoundNominations(ctx, v.R.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Members, err = h.store.Members(ctx, v.R.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.R.ScoresOpen() {
		if v.Ranking, err = h.store.Ranking(ctx, v.R, v.Type); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if canEdit(ctx) && v.Member.Users == nil {
		if v.Member.Users, err = h.store.ScoringUsers(ctx, scoringRoles()); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if v.Member.Role == "" {
		v.Member.Role = "member"
	}
	if v.Timeline, err = h.store.Timeline(ctx, "award_round", v.R.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, roundCardPage(v))
}
