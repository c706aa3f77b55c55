package petitions

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/personcode"
)

// registerForm is the registration form as typed, so a refused form comes
// back with everything the person wrote (except the files: browsers cannot
// be given them back).
type registerForm struct {
	Idem          string
	ReceivedDate  string // yyyy-mm-dd from <input type=date>, or dd.mm.yyyy typed
	ReceivedTime  string // hh:mm
	Channel       string
	DocType       string
	Pages         string
	ESigned       bool
	Anonymous     bool
	PersonName    string
	PersonCode    string
	PersonAddress string
	PersonEmail   string
	PersonPhone   string
	HasEAddress   bool
	ReplyChannel  string
	Subject       string
	Summary       string
	CaseID        string
	AddresseeID   string
}

// NewPetition is a checked submission, ready to register.
type NewPetition struct {
	IdempotencyKey string
	CaseID         int64
	ReceivedAt     time.Time
	Channel        Channel
	DocType        DocType
	Anonymous      bool
	PersonName     string
	PersonCode     string
	PersonAddress  string
	PersonEmail    string
	PersonPhone    string
	HasEAddress    bool
	ReplyChannel   ReplyChannel // "" for an anonymous submission
	ESigned        bool
	AddresseeID    int64
	Subject        string
	Summary        string
	Pages          int
}

// earliestReceipt is the first day the rules table covers.
var earliestReceipt = time.Date(2000, 1, 1, 0, 0, 0, 0, i18n.Riga)

var (
	idemPattern  = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)
	phonePattern = regexp.MustCompile(`^\+?[0-9 ()-]{5,40}$`)
)

// readRegisterForm checks the posted registration form against the
// management members and the active cases that may be chosen. Field errors
// land in f.Errors in the order the form shows the fields.
func readRegisterForm(f *form.Values, now time.Time, addressees []Person, cases []Case) (registerForm, NewPetition) {
	var in registerForm
	var np NewPetition

	in.Idem = strings.TrimSpace(f.Raw("idem"))
	np.IdempotencyKey = in.Idem

	// When it was received: a date and a time in Riga, never in the future.
	in.ReceivedDate = f.Text("received_date", true, 20)
	in.ReceivedTime = f.Text("received_time", true, 5)
	var day time.Time
	if in.ReceivedDate != "" && f.Errors.Get("received_date") == "" {
		d, ok := i18n.ParseDate(in.ReceivedDate)
		if !ok {
			f.Add("received_date", "field.invalid_date")
		} else {
			day = d
		}
	}
	var clock time.Time
	if in.ReceivedTime != "" && f.Errors.Get("received_time") == "" {
		c, err := time.Parse("15:04", in.ReceivedTime)
		if err != nil {
			f.Add("received_time", "petitions.register.err_time")
		} else {
			clock = c
		}
	}
	if !day.IsZero() {
		nowRiga := now.In(i18n.Riga)
		today := time.Date(nowRiga.Year(), nowRiga.Month(), nowRiga.Day(), 0, 0, 0, 0, i18n.Riga)
		switch {
		case day.After(today):
			f.Add("received_date", "petitions.register.err_future_date")
		case day.Before(earliestReceipt):
			f.Add("received_date", "petitions.register.err_too_old", i18n.Date(earliestReceipt))
		case !clock.IsZero():
			at := time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, i18n.Riga)
			// Minutes are what the form shows: the current minute is not the future.
			if at.After(now.Truncate(time.Minute)) {
				f.Add("received_time", "petitions.register.err_future_time")
			} else {
				np.ReceivedAt = at
			}
		}
	}

	in.Channel = f.Raw("channel")
	np.Channel = form.Enum(f, "channel", true, Channels)
	in.DocType = f.Raw("doc_type")
	np.DocType = form.Enum(f, "doc_type", true, DocTypes)
	in.Pages, np.Pages = intField(f, "pages", 6, 0, 10000, "petitions.register.err_pages")
	in.ESigned = f.Bool("e_signed")
	if in.ESigned && np.Channel != "" && !np.Channel.Electronic() {
		f.Add("e_signed", "petitions.register.err_esigned")
	}
	np.ESigned = in.ESigned

	// The person. Anonymous: nobody to answer, and the law lets it be left unexamined.
	in.Anonymous = f.Bool("anonymous")
	np.Anonymous = in.Anonymous
	in.PersonName = f.Text("person_name", !in.Anonymous, 200)
	in.PersonCode = f.Text("person_code", false, 20)
	code := personcode.Normalise(in.PersonCode)
	if code != "" && f.Errors.Get("person_code") == "" {
		if problem := personcode.CheckAt(code, now); problem != personcode.OK {
			f.Add("person_code", personCodeMessage(problem))
		}
	}
	in.PersonAddress = f.Text("person_address", false, 300)
	in.PersonEmail = f.Email("person_email", false)
	in.PersonPhone = f.Text("person_phone", false, 40)
	if in.PersonPhone != "" && f.Errors.Get("person_phone") == "" && !phonePattern.MatchString(in.PersonPhone) {
		f.Add("person_phone", "petitions.register.err_phone")
	}
	in.HasEAddress = f.Bool("has_eaddress")
	in.ReplyChannel = f.Raw("reply_channel")
	reply := form.Enum(f, "reply_channel", !in.Anonymous, ReplyChannels)
	if !in.Anonymous {
		switch reply {
		case ReplyEmail:
			if in.PersonEmail == "" {
				f.Add("person_email", "petitions.register.err_reply_needs_email")
			}
		case ReplyPost:
			if in.PersonAddress == "" {
				f.Add("person_address", "petitions.register.err_reply_needs_address")
			}
		case ReplyEAddress:
			if !in.HasEAddress {
				f.Add("reply_channel", "petitions.register.err_reply_needs_eaddress")
			}
		}
		np.PersonName, np.PersonCode, np.PersonAddress = in.PersonName, code, in.PersonAddress
		np.PersonEmail, np.PersonPhone, np.HasEAddress = in.PersonEmail, in.PersonPhone, in.HasEAddress
		np.ReplyChannel = reply
	}

	in.Subject = f.Text("subject", true, 300)
	np.Subject = in.Subject
	in.Summary = f.Text("summary", false, 4000)
	np.Summary = in.Summary

	in.CaseID = f.Raw("case_id")
	if id, ok := pickID(f, "case_id", caseIDs(cases)); ok {
		np.CaseID = id
	}
	in.AddresseeID = f.Raw("addressee_id")
	if id, ok := pickID(f, "addressee_id", personIDs(addressees)); ok {
		np.AddresseeID = id
	}
	return in, np
}

// pickID reads a required id that must be one of allowed.
func pickID(f *form.Values, name string, allowed []int64) (int64, bool) {
	s := strings.TrimSpace(f.Raw(name))
	if s == "" {
		f.Missing(name)
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		for _, a := range allowed {
			if a == id {
				return id, true
			}
		}
	}
	f.Invalid(name)
	return 0, false
}

func caseIDs(cs []Case) []int64 {
	out := make([]int64, 0, len(cs))
	for _, c := range cs {
		if c.Active {
			out = append(out, c.ID)
		}
	}
	return out
}

func personIDs(ps []Person) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// caseForm is the classification scheme's add/edit form as typed.
type caseForm struct {
	ID            int64 // 0 when adding
	Version       int
	CaseIndex     string
	Title         string
	Permanent     bool
	Retention     string
	ResponsibleID string
	Active        bool
}

// CaseInput is a checked scheme entry.
type CaseInput struct {
	CaseIndex      string
	Title          string
	RetentionYears *int
	ResponsibleID  *int64
	Active         bool
}

var caseIndexPattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$`)

func readCaseForm(f *form.Values, responsible []Person) (caseForm, CaseInput) {
	var in caseForm
	var ci CaseInput
	in.ID, _ = strconv.ParseInt(f.Raw("id"), 10, 64)
	in.Version = f.Version()
	in.CaseIndex = f.Text("case_index", true, 20)
	if in.CaseIndex != "" && f.Errors.Get("case_index") == "" && !caseIndexPattern.MatchString(in.CaseIndex) {
		f.Add("case_index", "petitions.register.err_case_index")
	}
	ci.CaseIndex = in.CaseIndex
	in.Title = f.Text("title", true, 300)
	ci.Title = in.Title
	in.Permanent = f.Raw("retention_kind") == "permanent"
	in.Retention = f.Text("retention_years", !in.Permanent, 3)
	if !in.Permanent && in.Retention != "" && f.Errors.Get("retention_years") == "" {
		n, err := strconv.Atoi(in.Retention)
		if err != nil || n < 1 || n > 100 {
			f.Add("retention_years", "petitions.register.err_retention")
		} else {
			ci.RetentionYears = &n
		}
	}
	in.ResponsibleID = f.Raw("responsible_id")
	if strings.TrimSpace(in.ResponsibleID) != "" {
		if id, ok := pickID(f, "responsible_id", personIDs(responsible)); ok {
			ci.ResponsibleID = &id
		}
	}
	in.Active = f.Bool("active")
	ci.Active = in.Active
	return in, ci
}

// ruleForm is the form adding a dated rule, as typed.
type ruleForm struct {
	Kind      string
	ValidFrom string
	Amount    string
	Unit      string
	BasisLV   string
	BasisEN   string
}

var ruleKinds = []RuleKind{RuleAnswer, RuleExtended, RuleForward}
var units = []Unit{WorkingDays, Months}

func readRuleForm(f *form.Values) (ruleForm, Rule) {
	var in ruleForm
	var r Rule
	in.Kind = f.Raw("kind")
	r.Kind = form.Enum(f, "kind", true, ruleKinds)
	in.ValidFrom = f.Text("valid_from", true, 20)
	if in.ValidFrom != "" && f.Errors.Get("valid_from") == "" {
		d, ok := i18n.ParseDate(in.ValidFrom)
		switch {
		case !ok:
			f.Add("valid_from", "field.invalid_date")
		case d.Year() < 2000 || d.Year() > 2100:
			f.Add("valid_from", "field.invalid_year")
		default:
			r.ValidFrom = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	in.Amount, r.Amount = intField(f, "amount", 3, 1, 365, "petitions.register.err_amount")
	in.Unit = f.Raw("unit")
	r.Unit = form.Enum(f, "unit", true, units)
	in.BasisLV = f.Text("basis_lv", true, 500)
	in.BasisEN = f.Text("basis_en", true, 500)
	r.BasisLV, r.BasisEN = in.BasisLV, in.BasisEN
	return in, r
}

// intField reads a required whole number in [lo, hi]: the text as typed, to
// show again, and the number (0 when it is not one; key is then the error).
func intField(f *form.Values, name string, maxLen, lo, hi int, key string) (string, int) {
	s := f.Text(name, true, maxLen)
	if s == "" || f.Errors.Get(name) != "" {
		return s, 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		f.Add(name, key)
		return s, 0
	}
	return s, n
}

// personCodeMessage is the catalogue key of the message shown beside a personal code's field.
func personCodeMessage(p personcode.Problem) string {
	return "petitions.register.err_code_" + string(p)
}
