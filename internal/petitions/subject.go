package petitions

// A data subject's request (GDPR art. 15): staff find every submission of
// one person and hand them everything the registry holds about them as one
// PDF. Both the search and the export are audited, without the personal
// data itself: the log says how the person was looked up and which
// submissions were disclosed.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/personcode"
	"github.com/daugavpils/prdesk/internal/web"
)

// personBy is what a person is looked up by.
type personBy string

const (
	byCode  personBy = "code"
	byName  personBy = "name"
	byEmail personBy = "email"
)

var personBys = []personBy{byCode, byName, byEmail}

// personQuery is a checked lookup: the code with its hyphen, the e-mail or the name as typed.
type personQuery struct {
	By personBy
	Q  string
}

func (q personQuery) encode() string {
	return url.Values{"by": {string(q.By)}, "q": {q.Q}}.Encode()
}

// personMatchLimit bounds one answer; a common surname typed alone can match
// more, and the page then asks for the whole name or the code.
const personMatchLimit = 500

// personMatch is one submission found for the person, with the details it
// was registered with, so staff can tell namesakes apart.
type personMatch struct {
	ID          int64     `db:"id"`
	RegNumber   string    `db:"reg_number"`
	ReceivedAt  time.Time `db:"received_at"`
	DocType     DocType   `db:"doc_type"`
	State       State     `db:"state"`
	Subject     string    `db:"subject"`
	PersonName  string    `db:"person_name"`
	PersonCode  string    `db:"person_code"`
	PersonEmail string    `db:"person_email"`
}

func nameSeparator(r rune) bool { return r == ' ' || r == '-' || r == '\t' }

// personView is the lookup form and what it found.
type personView struct {
	Form    personQuery
	Errors  form.Errors
	Asked   bool
	Matches []personMatch
	More    bool // the limit cut the list
}

// readPersonQuery checks the lookup. It is a GET (a search; the PDF's link
// carries it too), so the query string is read as the form.
func readPersonQuery(r *http.Request, now time.Time) (personQuery, form.Errors, error) {
	r.PostForm = r.URL.Query()
	f, err := form.Read(r)
	if err != nil {
		return personQuery{}, form.Errors{}, err
	}
	in := personQuery{By: form.Enum(f, "by", true, personBys)}
	switch in.By {
	case byCode:
		in.Q = personcode.Normalise(f.Text("q", true, 20))
		if in.Q != "" && f.Errors.Get("q") == "" {
			if problem := personcode.CheckAt(in.Q, now); problem != personcode.OK {
				f.Add("q", personCodeMessage(problem))
			}
		}
	case byEmail:
		in.Q = f.Email("q", true)
	case byName:
		in.Q = strings.Join(strings.Fields(f.Text("q", true, 200)), " ")
		if in.Q != "" && utf8.RuneCountInString(strings.Map(func(r rune) rune {
			if nameSeparator(r) {
				return -1
			}
			return r
		}, in.Q)) < 2 {
			f.Add("q", "petitions.data.err_name_short")
		}
	default:
		in.Q = strings.TrimSpace(r.URL.Query().Get("q"))
	}
	return in, f.Errors, nil
}

// checkedPersonQuery reads the lookup; when it is wrong it shows the form
// again with the messages (422) and reports false.
func checkedPersonQuery(w http.ResponseWriter, r *http.Request, now time.Time) (personQuery, bool) {
	pq, errs, err := readPersonQuery(r, now)
	if err != nil {
		web.Error(w, r, err)
		return pq, false
	}
	if errs.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, personPage(personView{Form: pq, Errors: errs}))
		return pq, false
	}
	return pq, true
}

// person is the lookup page; with a query it lists the person's submissions.
func (h *Handler) person(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.URL.RawQuery == "" {
		web.Render(w, r, http.StatusOK, personPage(personView{Form: personQuery{By: byCode}}))
		return
	}
	pq, ok := checkedPersonQuery(w, r, h.deps.Now())
	if !ok {
		return
	}
	v := personView{Form: pq, Asked: true}
	var err error
	if v.Matches, v.More, err = h.store.personSearch(ctx, pq); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, personPage(v))
}

// personPDF is everything the registry holds about the person, as one PDF:
// their details as registered, and each submission with its resolution,
// answer, files, notices and timeline. Nothing found is an answer too.
func (h *Handler) personPDF(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pq, ok := checkedPersonQuery(w, r, h.deps.Now())
	if !ok {
		return
	}
	x := personExtract{Query: pq, At: h.deps.Now()}
	if u := auth.UserFrom(ctx); u != nil {
		x.PreparedBy = u.FullName
	}
	cards, more, err := h.store.personExtract(ctx, pq)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	x.More = more
	for _, d := range cards {
		x.Cards = append(x.Cards, newCardView(d, x.At))
	}
	var buf bytes.Buffer
	if err := writePersonExtract(&buf, x); err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="personas-dati-%s.pdf"`, x.At.In(i18n.Riga).Format("20060102-1504")))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes()) //nolint:errcheck // the client went away
}

// personExtract is what the PDF holds.
type personExtract struct {
	Query      personQuery
	At         time.Time
	PreparedBy string
	Cards      []cardView
	More       bool
}

// writePersonExtract draws the extract in Latvian, the language the
// municipality answers residents in.
func writePersonExtract(out *bytes.Buffer, x personExtract) error {
	ctx := i18n.WithLocale(context.Background(), "lv")
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	pdf := newPDF(ctx, t("petitions.data.pdf_title"))
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont("dejavu", "", 8)
		pdf.CellFormat(0, 5, t("petitions.data.pdf_page", pdf.PageNo()), "", 0, "R", false, 0, "")
	})
	d := extractDoc{pdf: pdf}
	pdf.AddPage()
	letterHead(ctx, pdf)
	pdf.Ln(8)
	d.heading(t("petitions.data.pdf_title"), 14)
	d.para(t("petitions.data.pdf_lead"))
	d.row(t("petitions.data.pdf_prepared_at"), i18n.DateTime(x.At))
	d.row(t("petitions.data.pdf_prepared_by"), x.PreparedBy)
	d.row(t("petitions.data.pdf_searched_by"), t("petitions.data.by."+string(x.Query.By))+": "+x.Query.Q)
	d.row(t("petitions.data.pdf_found"), strconv.Itoa(len(x.Cards)))
	if x.More {
		d.para(t("petitions.data.more", personMatchLimit))
	}
	if len(x.Cards) == 0 {
		d.para(t("petitions.data.pdf_none"))
	} else {
		d.subheading(t("petitions.data.pdf_contents"))
		for i, v := range x.Cards {
			d.row(fmt.Sprintf("%d. %s", i+1, v.P.RegNumber), i18n.Date(v.P.ReceivedAt)+" — "+v.P.Subject)
		}
	}
	for i, v := range x.Cards {
		d.submission(ctx, i+1, v)
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(out)
}

// extractDoc draws labelled rows and paragraphs that may run over pages.
type extractDoc struct{ pdf *fpdf.Fpdf }

const (
	extractLabelWidth = 52.0
	extractLine       = 5.0
)

func (d extractDoc) heading(s string, size float64) {
	d.pdf.SetFont("dejavu", "B", size)
	d.pdf.MultiCell(0, size*0.5, s, "", "L", false)
	d.pdf.Ln(2)
}

func (d extractDoc) subheading(s string) {
	if _, h := d.pdf.GetPageSize(); d.pdf.GetY() > h-45 {
		d.pdf.AddPage() // keep a heading with what follows it
	}
	d.pdf.Ln(2)
	d.heading(s, 11)
}

func (d extractDoc) para(s string) {
	d.pdf.SetFont("dejavu", "", 10)
	d.pdf.MultiCell(0, extractLine, s, "", "L", false)
	d.pdf.Ln(1.5)
}

// row is a label beside its value; an empty value is left out.
func (d extractDoc) row(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	pdf := d.pdf
	if _, h := pdf.GetPageSize(); pdf.GetY() > h-30 {
		pdf.AddPage()
	}
	left, _, _, _ := pdf.GetMargins()
	y, page := pdf.GetY(), pdf.PageNo()
	pdf.SetFont("dejavu", "B", 9.5)
	pdf.MultiCell(extractLabelWidth, extractLine, label, "", "L", false)
	labelEnd := pdf.GetY()
	pdf.SetXY(left+extractLabelWidth, y)
	pdf.SetFont("dejavu", "", 9.5)
	pdf.MultiCell(0, extractLine, value, "", "L", false)
	if pdf.PageNo() == page && labelEnd > pdf.GetY() {
		pdf.SetY(labelEnd)
	}
	pdf.Ln(0.8)
}

// submission is one submission with all it holds.
func (d extractDoc) submission(ctx context.Context, n int, v cardView) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	p := v.P
	d.pdf.AddPage()
	d.heading(fmt.Sprintf("%d. %s Nr. %s", n, DocTypeName(ctx, p.DocType), p.RegNumber), 13)

	d.row(t("petitions.card.number"), p.RegNumber)
	d.row(t("petitions.card.state"), StateName(ctx, p.State))
	d.row(t("petitions.card.doc_type"), DocTypeName(ctx, p.DocType))
	d.row(t("petitions.card.channel"), ChannelName(ctx, p.Channel))
	d.row(t("petitions.card.received"), i18n.DateTime(p.ReceivedAt))
	d.row(t("petitions.card.registered_by"), v.X.CreatedByName)
	d.row(t("petitions.card.addressee"), v.X.AddresseeName)
	d.row(t("petitions.card.case"), v.X.CaseIndex+" — "+v.X.CaseTitle)
	d.row(t("petitions.card.subject"), p.Subject)
	d.row(t("petitions.card.summary"), p.Summary)
	d.row(t("petitions.card.pages"), strconv.Itoa(p.Pages))
	d.row(t("petitions.card.e_signed"), yesNo(ctx, p.ESigned))
	d.row(t("petitions.card.forwarded_to"), p.ForwardedTo)
	d.row(t("petitions.card.unexamined_reason"), p.UnexaminedReason)
	d.row(t("petitions.card.joined_to"), derefString(v.X.JoinedToNumber))

	d.subheading(t("petitions.data.pdf_person"))
	if p.Anonymous {
		d.para(t("petitions.anonymous"))
	} else {
		d.row(t("petitions.card.person_name"), p.PersonName)
		d.row(t("petitions.card.person_code"), p.PersonCode)
		d.row(t("petitions.card.person_address"), p.PersonAddress)
		d.row(t("petitions.card.person_email"), p.PersonEmail)
		d.row(t("petitions.card.person_phone"), p.PersonPhone)
		d.row(t("petitions.card.has_eaddress"), yesNo(ctx, p.HasEAddress))
		if ch := v.ReplyChannel(); ch != "" {
			d.row(t("petitions.card.reply_channel"), ReplyName(ctx, ch))
		}
	}

	d.subheading(t("petitions.card.deadline"))
	due := i18n.Date(p.DueDate)
	if p.Extended {
		due += " (" + t("petitions.card.extended") + ")"
	}
	d.row(t("petitions.card.due_date"), due)
	if p.AnsweredOn != nil {
		d.row(t("petitions.card.answered_on"), i18n.Date(*p.AnsweredOn))
	}

	if p.ResolutionText != "" || len(v.Executors) > 0 {
		d.subheading(t("petitions.card.resolution"))
		d.row(t("petitions.card.resolution"), p.ResolutionText)
		d.row(t("petitions.data.pdf_resolution_by"), resolutionByline(v))
		for _, e := range v.Executors {
			who := e.FullName
			if e.UserID == nil {
				who = e.Unit + " (" + t("petitions.card.unit") + ")"
			}
			d.row(t("petitions.card.executor"), who+", "+t("petitions.card.exec_due")+" "+i18n.Date(e.DueDate))
		}
	}

	if a := v.Answer; a != nil {
		d.subheading(t("petitions.card.answer"))
		d.row(t("petitions.card.answer_number"), a.RegNumber)
		d.row(t("petitions.card.answer_date"), i18n.Date(a.AnsweredOn))
		d.row(t("petitions.card.answer_channel"), ReplyName(ctx, a.Channel))
		d.row(t("petitions.card.answered_by"), a.CreatedBy)
		d.row(t("petitions.card.answer_text"), a.Body)
		for _, f := range a.Files {
			d.row(t("petitions.card.answer_file"), f.Name+" ("+sizeText(f.Size)+")")
		}
	}

	d.subheading(t("petitions.card.scans"))
	if len(v.Scans) == 0 {
		d.para(t("petitions.card.no_scans"))
	} else {
		for _, f := range v.Scans {
			d.row(i18n.DateTime(f.CreatedAt), f.Name+" ("+sizeText(f.Size)+")")
		}
		d.para(t("petitions.data.pdf_scans_note"))
	}

	d.subheading(t("petitions.card.notices"))
	if len(v.Notices) == 0 {
		d.para(t("petitions.card.no_notices"))
	}
	for _, n := range v.Notices {
		d.row(i18n.DateTime(n.CreatedAt), noticeKindName(ctx, n.Kind)+" — "+ReplyName(ctx, n.Channel)+" — "+noticeStatusName(ctx, n.Shown()))
	}

	d.subheading(t("petitions.card.timeline"))
	for _, e := range v.Events {
		what := eventWhat(ctx, e)
		if x := eventExtra(ctx, e); x != "" {
			what += " (" + x + ")"
		}
		switch {
		case e.FromState != nil && e.ToState != nil:
			what += ": " + stateName(ctx, e.FromState) + " → " + stateName(ctx, e.ToState)
		case e.ToState != nil:
			what += ": " + stateName(ctx, e.ToState)
		}
		if e.ActorName != "" {
			what += " — " + e.ActorName
		}
		if e.Note != "" {
			what += "\n" + e.Note
		}
		d.row(i18n.DateTime(e.CreatedAt), what)
	}
}

func personPDFURL(q personQuery) string { return "/petitions/person.pdf?" + q.encode() }
