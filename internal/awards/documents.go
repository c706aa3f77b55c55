package awards

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf"
	"github.com/daugavpils/prdesk/internal/web"
)

// Minutes is what the commission's minutes print: the round, its members
// (present or not), the conflicts declared, every member's weighted score
// of every nomination, the ranking and the proposal.
type Minutes struct {
	R            Round
	Type         Type
	Members      []Member
	Declarations []Declaration
	Scores       []Score
	Ranking      []RankedRow
}

// memberTotal is one member's weighted score of one nomination, or false
// when they did not score it.
func memberTotal(t Type, scores []Score, member, nomination int64) (float64, bool) {
	var mine []Score
	for _, s := range scores {
		if s.MemberID == member && s.NominationID == nomination {
			mine = append(mine, s)
		}
	}
	if len(mine) == 0 {
		return 0, false
	}
	r := Rank(t.Criteria, []int64{nomination}, mine)
	return r[0].Total, true
}

type doc struct{ *fpdf.Fpdf }

func (d doc) heading(s string, size float64) {
	d.SetFont(pdf.Font, "B", size)
	d.MultiCell(0, size*0.5, s, "", "L", false)
	d.Ln(1.5)
}

func (d doc) para(s string) {
	d.SetFont(pdf.Font, "", 10)
	d.MultiCell(0, 5, s, "", "L", false)
	d.Ln(1)
}

// row is a line of a table of fixed widths; a cell too long is cut to fit.
func (d doc) row(widths []float64, cells []string, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	d.SetFont(pdf.Font, style, 9)
	for i, c := range cells {
		for d.GetStringWidth(c) > widths[i]-2 && len([]rune(c)) > 1 {
			r := []rune(c)
			c = string(r[:len(r)-2]) + "…"
		}
		align := "L"
		if i > 0 && i < len(cells) && strings.ContainsAny(c, "0123456789") && len(c) < 8 {
			align = "R"
		}
		d.CellFormat(widths[i], 6, c, "1", 0, align, false, 0, "")
	}
	d.Ln(-1)
}

// WriteMinutes prints the minutes in the language of ctx.
func WriteMinutes(ctx context.Context, m Minutes, now time.Time) ([]byte, error) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	d := doc{pdf.New(ctx, t("awards.minutes.title")+": "+m.R.Name(), now)}
	d.AddPage()
	d.SetFont(pdf.Font, "B", 12)
	d.MultiCell(0, 6, t("app.municipality"), "", "L", false)
	d.Ln(4)
	d.heading(t("awards.minutes.title"), 15)
	d.heading(m.R.Name(), 12)
	d.para(t("awards.minutes.meeting", dateText(m.R.MeetingOn)))

	names := map[int64]string{}
	d.heading(t("awards.minutes.present"), 11)
	var absent []string
	for _, mem := range m.Members {
		names[mem.ID] = mem.Name
		line := mem.Name + " — " + t("awards.member_role."+mem.Role)
		if mem.Present {
			d.para(line)
		} else {
			absent = append(absent, line)
		}
	}
	if len(absent) > 0 {
		d.heading(t("awards.minutes.absent"), 11)
		for _, a := range absent {
			d.para(a)
		}
	}

	nominee := map[int64]string{}
	for _, r := range m.Ranking {
		nominee[r.NominationID] = nameText(ctx, r.Nomination)
	}
	d.heading(t("awards.minutes.conflicts"), 11)
	conflicts := 0
	for _, dc := range m.Declarations {
		if dc.Conflict {
			conflicts++
			d.para(t("awards.minutes.conflict_line", names[dc.MemberID], nominee[dc.NominationID]))
		}
	}
	if conflicts == 0 {
		d.para(t("awards.minutes.no_conflicts"))
	}

	d.heading(t("awards.minutes.scores"), 11)
	var scorers []Member
	for _, mem := range m.Members {
		if mem.Present {
			scorers = append(scorers, mem)
		}
	}
	first := 60.0
	each := (165 - first) / float64(max(len(scorers), 1))
	widths := []float64{first}
	head := []string{t("awards.list.col_nominee")}
	for _, mem := range scorers {
		widths = append(widths, each)
		head = append(head, mem.Name)
	}
	d.row(widths, head, true)
	for _, r := range m.Ranking {
		cells := []string{nominee[r.NominationID]}
		for _, mem := range scorers {
			conflict := slices.ContainsFunc(m.Declarations, func(dc Declaration) bool {
				return dc.MemberID == mem.ID && dc.NominationID == r.NominationID && dc.Conflict
			})
			switch total, ok := memberTotal(m.Type, m.Scores, mem.ID, r.NominationID); {
			case conflict:
				cells = append(cells, t("awards.minutes.conflict_short"))
			case ok:
				cells = append(cells, scoreText(total))
			default:
				cells = append(cells, "—")
			}
		}
		d.row(widths, cells, false)
	}
	d.Ln(3)

	d.heading(t("awards.ranking.title"), 11)
	rw := []float64{20, 110, 35}
	d.row(rw, []string{t("awards.ranking.place"), t("awards.list.col_nominee"), t("awards.ranking.total")}, true)
	for _, r := range m.Ranking {
		place := strconv.Itoa(r.Place) + "."
		if r.Tie {
			place += " (" + t("awards.ranking.tie") + ")"
		}
		d.row(rw, []string{place, nominee[r.NominationID], scoreText(r.Total)}, false)
	}
	d.Ln(3)
	d.heading(t("awards.minutes.proposal"), 11)
	if p := strings.TrimSpace(m.R.Proposal); p != "" {
		d.para(p)
	} else {
		var top []string
		for _, r := range m.Ranking {
			if r.Place <= m.Type.MaxPerYear && r.Scored > 0 {
				top = append(top, nominee[r.NominationID])
			}
		}
		d.para(t("awards.minutes.proposal_auto", m.Type.MaxPerYear) + " " + strings.Join(top, "; "))
	}
	var b bytes.Buffer
	err := pdf.Output(d.Fpdf, &b)
	return b.Bytes(), err
}

func (h *Handler) minutes(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !rd.ScoresOpen() {
		web.Error(w, r, fmt.Errorf("awards: minutes of a round being scored: %w", errs.NotFound))
		return
	}
	m := Minutes{R: rd}
	if m.Type, err = h.store.Type(ctx, rd.TypeID); err != nil {
		web.Error(w, r, err)
		return
	}
	if m.Members, err = h.store.Members(ctx, rd.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if m.Declarations, err = h.store.RoundDeclarations(ctx, rd.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if m.Scores, err = h.store.Scores(ctx, rd.ID, 0); err != nil {
		web.Error(w, r, err)
		return
	}
	if m.Ranking, err = h.store.Ranking(ctx, rd, m.Type); err != nil {
		web.Error(w, r, err)
		return
	}
	b, err := WriteMinutes(ctx, m, h.now())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="protokols-`+idStr(rd.ID)+`.pdf"`)
	_, _ = w.Write(b)
}

// WriteDiploma prints a laureate's diploma from the template: the
// municipality, the award, the laureate's name in large letters, the
// justification in a sentence, and the decision it rests on.
func WriteDiploma(ctx context.Context, n Nomination, rd Round, now time.Time) ([]byte, error) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	d := doc{pdf.New(ctx, t("awards.diploma.title")+": "+n.NomineeName, now)}
	d.AddPage()
	d.SetDrawColor(150, 120, 40)
	d.SetLineWidth(1.2)
	d.Rect(12, 12, 186, 273, "D")
	d.SetLineWidth(0.3)
	d.Rect(15, 15, 180, 267, "D")
	d.SetY(40)
	d.SetFont(pdf.Font, "B", 14)
	d.CellFormat(0, 8, t("app.municipality"), "", 1, "C", false, 0, "")
	d.Ln(20)
	d.SetFont(pdf.Font, "B", 34)
	d.CellFormat(0, 16, t("awards.diploma.title"), "", 1, "C", false, 0, "")
	d.Ln(12)
	d.SetFont(pdf.Font, "", 13)
	d.CellFormat(0, 8, t("awards.diploma.awarded_to"), "", 1, "C", false, 0, "")
	d.Ln(6)
	d.SetFont(pdf.Font, "B", 26)
	d.MultiCell(0, 13, n.NomineeName, "", "C", false)
	d.Ln(8)
	d.SetFont(pdf.Font, "", 13)
	d.MultiCell(0, 7, t("awards.diploma.award", rd.TypeName, rd.Year), "", "C", false)
	if n.Citation != "" {
		d.Ln(4)
		d.SetFont(pdf.Font, "", 12)
		d.MultiCell(0, 7, "„"+n.Citation+"”", "", "C", false)
	}
	d.SetY(230)
	d.SetFont(pdf.Font, "", 10)
	d.MultiCell(0, 5, t("awards.decision.line", rd.DecisionBody, rd.DecisionNumber, dateText(rd.DecisionDate)), "", "C", false)
	d.Ln(2)
	d.MultiCell(0, 5, t("awards.diploma.place", dateText(rd.CeremonyOn)), "", "C", false)
	var b bytes.Buffer
	err := pdf.Output(d.Fpdf, &b)
	return b.Bytes(), err
}

func (h *Handler) diploma(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := h.pathNomination(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	rd, err := h.store.Round(ctx, n.RoundID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	// Only a decided round's laureate has a diploma.
	if !n.Laureate || !rd.ShowsLaureates() || n.Removed {
		web.Error(w, r, fmt.Errorf("awards: diploma of nomination %d: %w", n.ID, errs.NotFound))
		return
	}
	b, err := WriteDiploma(ctx, n, rd, h.now())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="diploms-`+idStr(n.ID)+`.pdf"`)
	_, _ = w.Write(b)
}

// decisionForm is the decision's form as typed.
type decisionForm struct {
	Body, Number, Date, Proposal string
	Laureates                    []string
	Version                      int
}

type decisionView struct {
	R       Round
	Type    Type
	Ranking []RankedRow
	Form    decisionForm
	Errors  form.Errors
}

func (h *Handler) decisionPage(w http.ResponseWriter, r *http.Request) {
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderDecision(w, r, http.StatusOK, decisionView{R: rd, Form: decisionForm{Body: rd.DecisionBody, Number: rd.DecisionNumber,
		Date: dateValue(rd.DecisionDate), Proposal: rd.Proposal, Version: rd.Version}})
}

func (h *Handler) renderDecision(w http.ResponseWriter, r *http.Request, status int, v decisionView) {
	ctx := r.Context()
	var err error
	if v.Type, err = h.store.Type(ctx, v.R.TypeID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Ranking, err = h.store.Ranking(ctx, v.R, v.Type); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, decisionPage(v))
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request) {
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
	f.Messages("awards.decision")
	in := decisionForm{Body: f.Text("body", true, 200), Number: f.Text("number", true, 50), Date: strings.TrimSpace(f.Raw("date")),
		Proposal: f.Text("proposal", false, 4000), Laureates: f.Raws("laureates"), Version: f.Version()}
	d := Decision{RoundID: rd.ID, Version: in.Version, Body: in.Body, Number: in.Number, Proposal: in.Proposal,
		Date: f.Date("date", true), Laureates: f.IDs("laureates")}
	if len(d.Laureates) == 0 && f.Errors.Get("laureates") == "" {
		f.Missing("laureates")
	}
	status, done := web.SaveEdit(w, r, h.sessions, f, roundURL(rd.ID), "awards.decision.saved", func() error { return h.store.Decide(ctx, d) })
	if done {
		return
	}
	h.renderDecision(w, r, status, decisionView{R: rd, Form: in, Errors: f.Errors})
}
