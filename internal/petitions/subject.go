package petitions

// A data subject's request (GDPR art. 15) is answered on one page for the
// whole product (internal/privacy, /privacy): the registry is one of its
// sources (PrivacySource, store_privacy.go). Here is what the registry
// tells that page about a submission, and the registry's former request
// page, which now sends its visitors there.

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/personcode"
	"github.com/daugavpils/prdesk/internal/privacy"
)

// oldPersonQuery is the former request page's lookup (?by=code|name|email&q=…)
// as the one request page's keys.
func oldPersonQuery(r *http.Request) privacy.Person {
	q := strings.TrimSpace(form.URLValues(r).Get("q"))
	var p privacy.Person
	switch form.URLValues(r).Get("by") {
	case "code":
		p.Code = personcode.Normalise(q)
	case "email":
		p.Email = q
	case "name":
		p.Name = q
	}
	return p
}

// person was the registry's own request page: it moved to /privacy,
// which looks in every area. A lookup in the address goes along.
func (h *Handler) person(w http.ResponseWriter, r *http.Request) {
	p := oldPersonQuery(r)
	if len(p.Given()) == 0 {
		http.Redirect(w, r, "/privacy", http.StatusMovedPermanently)
		return
	}
	http.Redirect(w, r, privacy.Path(p), http.StatusMovedPermanently)
}

// personPDF was the registry's extract: the one request page's extract
// holds the registry's submissions with everything they held.
func (h *Handler) personPDF(w http.ResponseWriter, r *http.Request) {
	p := oldPersonQuery(r)
	if len(p.Given()) == 0 {
		http.Redirect(w, r, "/privacy", http.StatusMovedPermanently)
		return
	}
	http.Redirect(w, r, privacy.ExtractPath(p), http.StatusMovedPermanently)
}

// privacyFields are a submission's personal data as registered.
func privacyFields(ctx context.Context, p *Petition) []privacy.Field {
	t := func(key string) string { return i18n.T(ctx, key) }
	if p.Anonymous {
		return []privacy.Field{{Label: t("petitions.card.person_name"), Value: t("petitions.anonymous")}}
	}
	return []privacy.Field{
		{Label: t("petitions.card.person_name"), Value: p.PersonName},
		{Label: t("petitions.card.person_code"), Value: p.PersonCode},
		{Label: t("petitions.card.person_address"), Value: p.PersonAddress},
		{Label: t("petitions.card.person_email"), Value: p.PersonEmail},
		{Label: t("petitions.card.person_phone"), Value: p.PersonPhone},
	}
}

// privacySections are everything else a submission holds, as its card
// shows it: what was registered, the term, the resolution, the answer,
// the scans, the notices and the timeline.
func privacySections(ctx context.Context, v cardView) []privacy.Section {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	f := func(label, value string) privacy.Field { return privacy.Field{Label: label, Value: value} }
	p := v.P
	reg := privacy.Section{Title: t("petitions.data.pdf_registered"), Fields: []privacy.Field{
		f(t("petitions.card.state"), StateName(ctx, p.State)),
		f(t("petitions.card.doc_type"), DocTypeName(ctx, p.DocType)),
		f(t("petitions.card.channel"), ChannelName(ctx, p.Channel)),
		f(t("petitions.card.received"), i18n.DateTime(p.ReceivedAt)),
		f(t("petitions.card.registered_by"), v.X.CreatedByName),
		f(t("petitions.card.addressee"), v.X.AddresseeName),
		f(t("petitions.card.case"), strings.Trim(v.X.CaseIndex+" — "+v.X.CaseTitle, " —")),
		f(t("petitions.card.subject"), p.Subject),
		f(t("petitions.card.summary"), p.Summary),
		f(t("petitions.card.pages"), strconv.Itoa(p.Pages)),
		f(t("petitions.card.e_signed"), yesNo(ctx, p.ESigned)),
		f(t("petitions.card.has_eaddress"), yesNo(ctx, p.HasEAddress)),
		f(t("petitions.card.forwarded_to"), p.ForwardedTo),
		f(t("petitions.card.unexamined_reason"), p.UnexaminedReason),
		f(t("petitions.card.joined_to"), derefString(v.X.JoinedToNumber)),
	}}
	if ch := v.ReplyChannel(); ch != "" && !p.Anonymous {
		reg.Fields = append(reg.Fields, f(t("petitions.card.reply_channel"), ReplyName(ctx, ch)))
	}
	out := []privacy.Section{reg}

	due := i18n.Date(p.DueDate)
	if p.Extended {
		due += " (" + t("petitions.card.extended") + ")"
	}
	term := privacy.Section{Title: t("petitions.card.deadline"), Fields: []privacy.Field{f(t("petitions.card.due_date"), due)}}
	if p.AnsweredOn != nil {
		term.Fields = append(term.Fields, f(t("petitions.card.answered_on"), i18n.Date(*p.AnsweredOn)))
	}
	out = append(out, term)

	if p.ResolutionText != "" || len(v.Executors) > 0 {
		res := privacy.Section{Title: t("petitions.card.resolution"), Fields: []privacy.Field{
			f(t("petitions.card.resolution"), p.ResolutionText),
			f(t("petitions.data.pdf_resolution_by"), resolutionByline(v)),
		}}
		for _, e := range v.Executors {
			who := e.FullName
			if e.UserID == nil {
				who = e.Unit + " (" + t("petitions.card.unit") + ")"
			}
			res.Fields = append(res.Fields, f(t("petitions.card.executor"), who+", "+t("petitions.card.exec_due")+" "+i18n.Date(e.DueDate)))
		}
		out = append(out, res)
	}

	if a := v.Answer; a != nil {
		ans := privacy.Section{Title: t("petitions.card.answer"), Fields: []privacy.Field{
			f(t("petitions.card.answer_number"), a.RegNumber),
			f(t("petitions.card.answer_date"), i18n.Date(a.AnsweredOn)),
			f(t("petitions.card.answer_channel"), ReplyName(ctx, a.Channel)),
			f(t("petitions.card.answered_by"), a.CreatedBy),
			f(t("petitions.card.answer_text"), a.Body),
		}}
		for _, fl := range a.Files {
			ans.Fields = append(ans.Fields, f(t("petitions.card.answer_file"), fl.Name+" ("+files.SizeText(ctx, fl.Size)+")"))
		}
		out = append(out, ans)
	}

	scans := privacy.Section{Title: t("petitions.card.scans")}
	if len(v.Scans) == 0 {
		scans.Fields = append(scans.Fields, f("", t("petitions.card.no_scans")))
	}
	for _, fl := range v.Scans {
		scans.Fields = append(scans.Fields, f(i18n.DateTime(fl.CreatedAt), fl.Name+" ("+files.SizeText(ctx, fl.Size)+")"))
	}
	if len(v.Scans) > 0 {
		scans.Fields = append(scans.Fields, f("", t("petitions.data.pdf_scans_note")))
	}
	out = append(out, scans)

	notices := privacy.Section{Title: t("petitions.card.notices")}
	if len(v.Notices) == 0 {
		notices.Fields = append(notices.Fields, f("", t("petitions.card.no_notices")))
	}
	for _, n := range v.Notices {
		notices.Fields = append(notices.Fields, f(i18n.DateTime(n.CreatedAt),
			noticeKindName(ctx, n.Kind)+" — "+ReplyName(ctx, n.Channel)+" — "+noticeStatusName(ctx, n.Shown())))
	}
	out = append(out, notices)

	timeline := privacy.Section{Title: t("petitions.card.timeline")}
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
		timeline.Fields = append(timeline.Fields, f(i18n.DateTime(e.CreatedAt), what))
	}
	return append(out, timeline)
}
