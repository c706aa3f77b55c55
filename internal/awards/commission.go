package awards

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// memberForm is the commission's "add a member" form as typed.
type memberForm struct {
	UserID  string
	Contact contacts.LookupValue
	Role    string
	Users   []UserChoice
	Errors  form.Errors
}

// scoringRoles are the roles whose accounts may sit on a commission.
func scoringRoles() []string {
	var out []string
	for _, r := range auth.Roles {
		if auth.RoleCan(r, auth.AwardsScore) {
			out = append(out, string(r))
		}
	}
	return out
}

func (h *Handler) addMember(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("awards.member")
	in := memberForm{UserID: strings.TrimSpace(f.Raw("user_id")), Contact: contacts.ReadLookup(f, "contact_id"),
		Role: string(form.Enum(f, "role", true, MemberRoles))}
	m := Member{RoundID: rd.ID, Role: in.Role}
	if id := f.ID("user_id", false); id != 0 {
		m.UserID = &id
	}
	if h.contacts != nil {
		if err := h.contacts.Resolve(ctx, f, &in.Contact, "contact_id", contacts.Person); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if in.Contact.ID != 0 {
		id := in.Contact.ID
		m.ContactID = &id
	}
	switch {
	case m.UserID == nil && m.ContactID == nil && !f.Errors.Any():
		f.Add("user_id", "awards.member.user_or_contact")
	case m.UserID != nil && m.ContactID != nil:
		f.Add("contact_id", "awards.member.not_both")
	}
	if rd.Status.AtLeast(Judged) && !f.Errors.Any() {
		f.Add("user_id", "awards.err_round_judged")
	}
	status, done := web.SaveEdit(w, r, h.sessions, f, roundURL(rd.ID)+"#members-h", "awards.member.added", func() error {
		_, err := h.store.AddMember(ctx, m)
		return err
	})
	if done {
		return
	}
	in.Errors = f.Errors
	if in.Users, err = h.store.ScoringUsers(ctx, scoringRoles()); err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderRoundCard(w, r, status, roundCardView{R: rd, Member: in})
}

func (h *Handler) setPresent(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	m, err := h.store.Member(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.SetPresent(r.Context(), m.ID, f.Raw("present") == "true"); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, roundURL(m.RoundID)+"#members-h", tr(r.Context(), "awards.member.saved"))
}

// ---- Scoring: the commission member's own pages

type myRoundsView struct {
	Members []Member
	Rounds  []Round
}

func (h *Handler) myRounds(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	ms, rs, err := h.store.MyRounds(r.Context(), u.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, myRoundsPage(myRoundsView{Members: ms, Rounds: rs}))
}

// pathMember is the membership of the path, if the viewer may act as it:
// their own, or, for the department's staff, a member from the directory
// whose scoresheet they enter.
func (h *Handler) pathMember(r *http.Request) (Member, Round, error) {
	id, err := web.PathID(r, "member")
	if err != nil {
		return Member{}, Round{}, err
	}
	m, err := h.store.Member(r.Context(), id)
	if err != nil {
		return Member{}, Round{}, err
	}
	u := auth.UserFrom(r.Context())
	mine := m.UserID != nil && *m.UserID == u.ID
	if !mine && !(m.ContactID != nil && u.Can(auth.AwardsEdit)) {
		return Member{}, Round{}, errs.Forbidden
	}
	rd, err := h.store.Round(r.Context(), m.RoundID)
	return m, rd, err
}

// scoringRow is one nomination on a member's scoring page: its nominee,
// the member's declaration, and whether they scored it.
type scoringRow struct {
	N        Nomination
	Declared *Declaration
	Scored   int
}

type scoringView struct {
	M       Member
	R       Round
	Type    Type
	Rows    []scoringRow
	Ranking []RankedRow
}

func (h *Handler) scoringPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, rd, err := h.pathMember(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := scoringView{M: m, R: rd}
	if v.Type, err = h.store.Type(ctx, rd.TypeID); err != nil {
		web.Error(w, r, err)
		return
	}
	noms, err := h.store.RoundNominations(ctx, rd.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	ds, err := h.store.Declarations(ctx, m.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	mine, err := h.store.Scores(ctx, rd.ID, m.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	scored := map[int64]int{}
	for _, s := range mine {
		scored[s.NominationID]++
	}
	for _, n := range noms {
		row := scoringRow{N: n, Scored: scored[n.ID]}
		if d, ok := ds[n.ID]; ok {
			row.Declared = &d
		}
		v.Rows = append(v.Rows, row)
	}
	if rd.ScoresOpen() {
		all, err := h.store.Ranking(ctx, rd, v.Type)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		// A member sees no line of a nomination they declared a conflict on.
		for _, x := range all {
			if d, ok := ds[x.NominationID]; !ok || !d.Conflict {
				v.Ranking = append(v.Ranking, x)
			}
		}
	}
	web.Render(w, r, http.StatusOK, scoringPage(v))
}

func scoringURL(member int64) string { return "/awards/scoring/" + idStr(member) }

// declare records the member's declaration on one nomination, before the
// nomination is shown to them.
func (h *Handler) declare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, _, err := h.pathMember(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	nid := f.ID("nomination_id", true)
	choice := f.Raw("conflict")
	note := f.Text("note", false, 1000)
	if f.Errors.Any() || (choice != "yes" && choice != "no") {
		web.RedirectWithFlash(w, r, h.sessions, scoringURL(m.ID), tr(ctx, "awards.scoring.choose"))
		return
	}
	err = h.store.Declare(ctx, m, nid, choice == "yes", note)
	if key, ok := errFieldKey(err); ok {
		web.RedirectWithFlash(w, r, h.sessions, scoringURL(m.ID), tr(ctx, key))
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if choice == "yes" {
		web.RedirectWithFlash(w, r, h.sessions, scoringURL(m.ID), tr(ctx, "awards.scoring.conflict_saved"))
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, scoringURL(m.ID)+"/nominations/"+idStr(nid), tr(ctx, "awards.scoring.no_conflict_saved"))
}

type scoreView struct {
	M      Member
	R      Round
	Type   Type
	N      Nomination
	Files  []NominationFile
	Values map[int64]string
	Errors form.Errors
}

// scoreNomination is a nomination as a commission member sees it, with
// their score form: only after they declared no conflict on it.
func (h *Handler) pathScored(r *http.Request) (scoreView, error) {
	ctx := r.Context()
	m, rd, err := h.pathMember(r)
	if err != nil {
		return scoreView{}, err
	}
	nid, err := web.PathID(r, "nomination")
	if err != nil {
		return scoreView{}, err
	}
	ds, err := h.store.Declarations(ctx, m.ID)
	if err != nil {
		return scoreView{}, err
	}
	d, ok := ds[nid]
	if !ok || d.Conflict {
		return scoreView{}, errs.Forbidden
	}
	n, err := h.store.OpenNomination(ctx, nid)
	if err != nil {
		return scoreView{}, err
	}
	if n.RoundID != rd.ID {
		return scoreView{}, errs.NotFound
	}
	v := scoreView{M: m, R: rd, N: n, Values: map[int64]string{}}
	if v.Type, err = h.store.Type(ctx, rd.TypeID); err != nil {
		return v, err
	}
	if v.Files, err = h.store.Files(ctx, nid); err != nil {
		return v, err
	}
	mine, err := h.store.Scores(ctx, rd.ID, m.ID)
	if err != nil {
		return v, err
	}
	for _, s := range mine {
		if s.NominationID == nid {
			v.Values[s.CriterionID] = strconv.Itoa(s.Score)
		}
	}
	return v, nil
}

func (h *Handler) scorePage(w http.ResponseWriter, r *http.Request) {
	v, err := h.pathScored(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, scorePage(v))
}

func (h *Handler) saveScores(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v, err := h.pathScored(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("awards.scoring")
	scores := map[int64]int{}
	for _, c := range v.Type.Criteria {
		name := "score_" + idStr(c.ID)
		v.Values[c.ID] = strings.TrimSpace(f.Raw(name))
		if v.Values[c.ID] == "" {
			f.Add(name, "awards.scoring.score_required", c.Name)
			continue
		}
		n := f.Int(name, true, 0, 10)
		if f.Errors.Get(name) == "" {
			scores[c.ID] = n
		}
	}
	if !v.R.Scoring() && !f.Errors.Any() {
		f.Add("scores", "awards.err_not_scoring")
	}
	status, done := web.SaveEdit(w, r, h.sessions, f, scoringURL(v.M.ID), "awards.scoring.saved", func() error {
		return h.store.SaveScores(ctx, v.M, v.N.ID, scores)
	})
	if done {
		return
	}
	v.Errors = f.Errors
	web.Render(w, r, status, scorePage(v))
}

func criterionName(ctx context.Context, c Criterion) string {
	return c.Name + " (" + tr(ctx, "awards.type.weight") + " " + strconv.Itoa(c.Weight) + ")"
}
