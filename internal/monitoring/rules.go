package monitoring

import (
	"fmt"
	"html"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/contacts"
	"golang.org/x/text/unicode/norm"
)

// Keyword rules pick the news items about the municipality out of the feeds
// the desk reads. Staff write them as a search engine query, Latvian first:
//
//	Daugavpil "domes priekšsēdētājs" VAI (Даугавпилс NE футбол) NE sports
//
// Words and "phrases" are joined by AND (a space, UN, AND or &), OR (VAI,
// OR or |) and NOT (NE, NOT or a - before a word, phrase or group), with
// parentheses; NOT binds tighter than AND, AND tighter than OR. Only the
// upper-case operator words are operators, so that "un", "vai" and "ne",
// which Latvian text is full of, stay ordinary words; a rule that must find
// the word UN writes it in quotes or in lower case. Quotes may be straight
// or typographic („…“, «…»), as a word processor leaves them.
//
// Both the rule and the item are folded the way the directory's search
// folds names (contacts.Fold): case and diacritics do not count, and each
// rule word matches every word of the item that starts with it, so that a
// stem finds all of a Latvian or Russian word's inflected forms.

// The limits keep a rule something a person can read and check; the desk
// matches every rule against every item, so a runaway rule would also cost
// every import.
const (
	MaxRuleRunes = 1000
	MaxRuleTerms = 100
)

// The codes of RuleError, which the rule form translates.
const (
	RuleEmpty           = "empty"
	RuleUnclosedQuote   = "unclosed_quote"
	RuleUnbalancedParen = "unbalanced_paren"
	RuleMissingOperand  = "missing_operand"
	RuleOnlyNegative    = "only_negative"
	RuleTooLong         = "too_long"
)

// RuleError is why a rule was refused, and where: Pos counts runes from the
// start of the text as written, so the form can point at the spot.
//
// For missing_operand Pos is the operator or parenthesis that lacks its
// operand; for only_negative, the start of the part that would match items
// without any of the rule's words; for too_long, the rune past the limit,
// or the rule's end when it is only its canonical form that is too long.
type RuleError struct {
	Pos  int
	Code string
}

var ruleErrorText = map[string]string{
	RuleEmpty:           "has no words",
	RuleUnclosedQuote:   "has a quote that is not closed",
	RuleUnbalancedParen: "has a parenthesis without its pair",
	RuleMissingOperand:  "has an operator without a word to apply to",
	RuleOnlyNegative:    "has a part with only excluded words, which would match almost every item",
	RuleTooLong:         "is too long",
}

func (e *RuleError) Error() string {
	text := ruleErrorText[e.Code]
	if text == "" {
		text = e.Code
	}
	return fmt.Sprintf("monitoring: rule %s (at rune %d)", text, e.Pos)
}

// Rule is a parsed keyword rule. It is immutable, so one Rule may serve any
// number of matchers and goroutines.
type Rule struct {
	root  *ruleNode
	terms []ruleTerm // in the order they are written
}

// ruleTerm is a word or a phrase of a rule: a word that folds into several
// words ("COVID-19") is matched as the phrase it reads as.
type ruleTerm struct {
	text     string   // as written, for the canonical form and for Hit
	words    []string // folded; each one prefix-matches one word of the item
	positive bool     // under an even number of NOTs: a reason an item matched
}

type ruleOp uint8

const (
	ruleTermOp ruleOp = iota
	ruleAndOp
	ruleOrOp
	ruleNotOp
)

type ruleNode struct {
	op       ruleOp
	pos      int // where the node starts in the rule text, in runes
	term     int // index in Rule.terms, for ruleTermOp
	children []*ruleNode
}

// ParseRule parses a rule as staff write it. A refused rule's error is a
// *RuleError.
func ParseRule(s string) (*Rule, error) {
	if utf8.RuneCountInString(s) > MaxRuleRunes {
		return nil, &RuleError{Pos: MaxRuleRunes, Code: RuleTooLong}
	}
	src := []rune(s)
	toks, err := lexRule(src)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, &RuleError{Pos: 0, Code: RuleEmpty}
	}
	p := ruleParser{toks: toks}
	root, err := p.or(-1)
	if err != nil {
		return nil, err
	}
	if p.at != len(toks) {
		// lexRule pairs the parentheses, and the parser stops only at a ")"
		// or at the end, so nothing can be left over.
		panic(fmt.Sprintf("monitoring: rule parser stopped at token %d of %d", p.at, len(toks)))
	}
	r := &Rule{root: root, terms: p.terms}
	if !anchored(root, false) {
		return nil, &RuleError{Pos: unanchoredPos(root, false), Code: RuleOnlyNegative}
	}
	r.markPositive(root, false)
	// Stored rules are their canonical form, which must parse again: it can
	// be longer than the text typed ("|" becomes " VAI ").
	if utf8.RuneCountInString(r.String()) > MaxRuleRunes {
		return nil, &RuleError{Pos: len(src), Code: RuleTooLong}
	}
	return r, nil
}

type ruleTokenKind uint8

const (
	ruleTokTerm ruleTokenKind = iota
	ruleTokAnd
	ruleTokOr
	ruleTokNot
	ruleTokOpen
	ruleTokClose
	ruleTokEnd
)

type ruleToken struct {
	kind  ruleTokenKind
	pos   int
	text  string
	words []string
}

var ruleKeywords = map[string]ruleTokenKind{
	"UN": ruleTokAnd, "AND": ruleTokAnd,
	"VAI": ruleTokOr, "OR": ruleTokOr,
	"NE": ruleTokNot, "NOT": ruleTokNot,
}

func isRuleQuote(r rune) bool {
	switch r {
	case '"', '„', '“', '”', '«', '»':
		return true
	}
	return false
}

func endsRuleWord(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == ')' || r == '|' || r == '&' || isRuleQuote(r)
}

// startsRuleOperand tells whether a "-" before r excludes what follows. A
// dash before a space or another dash ("a - b", "--") is one someone typed
// between words: read as a word, it folds into nothing or into what follows.
func startsRuleOperand(r rune) bool {
	return r == '(' || isRuleQuote(r) || !endsRuleWord(r) && r != '-'
}

// lexRule splits a rule into tokens. Words and phrases that fold into
// nothing (a dash between words, an empty pair of quotes) are dropped: they
// are punctuation, not something to look for.
func lexRule(src []rune) ([]ruleToken, error) {
	var toks []ruleToken
	var open []int // positions of the "(" not yet closed
	terms := 0
	addTerm := func(pos int, text string) error {
		words := contacts.Fold(text)
		if len(words) == 0 {
			return nil
		}
		if terms++; terms > MaxRuleTerms {
			return &RuleError{Pos: pos, Code: RuleTooLong}
		}
		toks = append(toks, ruleToken{kind: ruleTokTerm, pos: pos, text: text, words: words})
		return nil
	}
	for i := 0; i < len(src); {
		r := src[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			open = append(open, i)
			toks = append(toks, ruleToken{kind: ruleTokOpen, pos: i})
			i++
		case r == ')':
			if len(open) == 0 {
				return nil, &RuleError{Pos: i, Code: RuleUnbalancedParen}
			}
			open = open[:len(open)-1]
			toks = append(toks, ruleToken{kind: ruleTokClose, pos: i})
			i++
		case r == '|':
			toks = append(toks, ruleToken{kind: ruleTokOr, pos: i})
			i++
		case r == '&':
			toks = append(toks, ruleToken{kind: ruleTokAnd, pos: i})
			i++
		case isRuleQuote(r):
			n := slices.IndexFunc(src[i+1:], isRuleQuote)
			if n < 0 {
				return nil, &RuleError{Pos: i, Code: RuleUnclosedQuote}
			}
			if err := addTerm(i, strings.Join(strings.Fields(string(src[i+1:i+1+n])), " ")); err != nil {
				return nil, err
			}
			i += n + 2
		case r == '-' && i+1 < len(src) && startsRuleOperand(src[i+1]):
			toks = append(toks, ruleToken{kind: ruleTokNot, pos: i})
			i++
		default:
			j := i + 1
			for j < len(src) && !endsRuleWord(src[j]) {
				j++
			}
			text := string(src[i:j])
			if kind, ok := ruleKeywords[text]; ok {
				toks = append(toks, ruleToken{kind: kind, pos: i})
			} else if err := addTerm(i, text); err != nil {
				return nil, err
			}
			i = j
		}
	}
	if len(open) > 0 {
		return nil, &RuleError{Pos: open[len(open)-1], Code: RuleUnbalancedParen}
	}
	return toks, nil
}

type ruleParser struct {
	toks  []ruleToken
	at    int
	terms []ruleTerm
}

func (p *ruleParser) peek() ruleToken {
	if p.at < len(p.toks) {
		return p.toks[p.at]
	}
	return ruleToken{kind: ruleTokEnd}
}

// Each level takes wantedBy, the position of the operator or parenthesis
// that needs the operand about to be read, to blame when it is missing.

func (p *ruleParser) or(wantedBy int) (*ruleNode, error) {
	first, err := p.and(wantedBy)
	if err != nil {
		return nil, err
	}
	children := []*ruleNode{first}
	for p.peek().kind == ruleTokOr {
		op := p.peek()
		p.at++
		next, err := p.and(op.pos)
		if err != nil {
			return nil, err
		}
		children = append(children, next)
	}
	return joinRuleNodes(ruleOrOp, children), nil
}

func (p *ruleParser) and(wantedBy int) (*ruleNode, error) {
	first, err := p.unary(wantedBy)
	if err != nil {
		return nil, err
	}
	children := []*ruleNode{first}
	for {
		t := p.peek()
		switch t.kind {
		case ruleTokAnd:
			p.at++
		case ruleTokTerm, ruleTokNot, ruleTokOpen:
			// juxtaposition
		default:
			return joinRuleNodes(ruleAndOp, children), nil
		}
		next, err := p.unary(t.pos)
		if err != nil {
			return nil, err
		}
		children = append(children, next)
	}
}

func (p *ruleParser) unary(wantedBy int) (*ruleNode, error) {
	t := p.peek()
	switch t.kind {
	case ruleTokTerm:
		p.at++
		p.terms = append(p.terms, ruleTerm{text: t.text, words: t.words})
		return &ruleNode{op: ruleTermOp, pos: t.pos, term: len(p.terms) - 1}, nil
	case ruleTokNot:
		p.at++
		operand, err := p.unary(t.pos)
		if err != nil {
			return nil, err
		}
		if operand.op == ruleNotOp {
			return operand.children[0], nil
		}
		return &ruleNode{op: ruleNotOp, pos: t.pos, children: []*ruleNode{operand}}, nil
	case ruleTokOpen:
		p.at++
		inner, err := p.or(t.pos)
		if err != nil {
			return nil, err
		}
		p.at++ // the ")", which lexRule has made sure is there
		return inner, nil
	case ruleTokAnd, ruleTokOr:
		return nil, &RuleError{Pos: t.pos, Code: RuleMissingOperand}
	default: // ")" or the end
		return nil, &RuleError{Pos: wantedBy, Code: RuleMissingOperand}
	}
}

// joinRuleNodes flattens nested ANDs (and ORs) into one, so that the
// canonical form of "a (b c)" is "a b c".
func joinRuleNodes(op ruleOp, children []*ruleNode) *ruleNode {
	if len(children) == 1 {
		return children[0]
	}
	n := &ruleNode{op: op, pos: children[0].pos}
	for _, c := range children {
		if c.op == op {
			n.children = append(n.children, c.children...)
		} else {
			n.children = append(n.children, c)
		}
	}
	return n
}

// anchored tells whether n (negated when negated is set) is false for an
// item that has none of the rule's words. Only such a rule can be matched
// by looking up its words, and a rule that is not would fill the inbox.
func anchored(n *ruleNode, negated bool) bool {
	switch n.op {
	case ruleTermOp:
		return !negated
	case ruleNotOp:
		return anchored(n.children[0], !negated)
	}
	// An AND needs one anchored operand, an OR needs all; negation swaps
	// them (De Morgan).
	needAll := (n.op == ruleOrOp) != negated
	for _, c := range n.children {
		if anchored(c, negated) != needAll {
			return !needAll
		}
	}
	return needAll
}

// unanchoredPos is the start of the smallest part of an unanchored n that
// is to blame: the first OR branch without a positive word, or else n.
func unanchoredPos(n *ruleNode, negated bool) int {
	needsAll := n.op == ruleOrOp && !negated || n.op == ruleAndOp && negated
	if needsAll {
		for _, c := range n.children {
			if !anchored(c, negated) {
				return unanchoredPos(c, negated)
			}
		}
	}
	return n.pos
}

func (r *Rule) markPositive(n *ruleNode, negated bool) {
	switch n.op {
	case ruleTermOp:
		r.terms[n.term].positive = !negated
	case ruleNotOp:
		r.markPositive(n.children[0], !negated)
	default:
		for _, c := range n.children {
			r.markPositive(c, negated)
		}
	}
}

func (r *Rule) eval(n *ruleNode, found []bool) bool {
	switch n.op {
	case ruleTermOp:
		return found[n.term]
	case ruleNotOp:
		return !r.eval(n.children[0], found)
	case ruleAndOp:
		for _, c := range n.children {
			if !r.eval(c, found) {
				return false
			}
		}
		return true
	default:
		for _, c := range n.children {
			if r.eval(c, found) {
				return true
			}
		}
		return false
	}
}

// String is the rule's canonical form, for storing and showing: the Latvian
// operators, AND as a space, parentheses only where precedence needs them,
// words as written and phrases in straight quotes. It parses to the same
// rule.
func (r *Rule) String() string {
	var b strings.Builder
	r.write(&b, r.root)
	return b.String()
}

func (r *Rule) write(b *strings.Builder, n *ruleNode) {
	switch n.op {
	case ruleTermOp:
		text := r.terms[n.term].text
		if ruleTermNeedsQuotes(text) {
			b.WriteString(`"` + text + `"`)
		} else {
			b.WriteString(text)
		}
	case ruleNotOp:
		b.WriteString("NE ")
		r.writeOperand(b, n.children[0], n.children[0].op != ruleTermOp)
	case ruleAndOp:
		for i, c := range n.children {
			if i > 0 {
				b.WriteByte(' ')
			}
			r.writeOperand(b, c, c.op == ruleOrOp)
		}
	case ruleOrOp:
		for i, c := range n.children {
			if i > 0 {
				b.WriteString(" VAI ")
			}
			r.write(b, c)
		}
	}
}

func (r *Rule) writeOperand(b *strings.Builder, n *ruleNode, parenthesise bool) {
	if parenthesise {
		b.WriteByte('(')
	}
	r.write(b, n)
	if parenthesise {
		b.WriteByte(')')
	}
}

// ruleTermNeedsQuotes: a term written bare must read back as the same one
// word, not as an operator, an exclusion or several tokens.
func ruleTermNeedsQuotes(text string) bool {
	_, keyword := ruleKeywords[text]
	return keyword || strings.HasPrefix(text, "-") || strings.ContainsFunc(text, endsRuleWord)
}

// Matches tells whether the item text matches r alone; to match many items
// against many rules, build a Matcher once.
func (r *Rule) Matches(text string) bool {
	return len(NewMatcher([]MatcherRule{{Rule: r}}).Match(text)) > 0
}

// MatcherRule is a stored rule and its id, which the matcher's hits name.
type MatcherRule struct {
	ID   int64
	Rule *Rule
}

// Hit is a rule an item matched, with the rule's words and phrases the item
// contains, as the rule writes them (without quotes), each once and in the
// rule's order: why the item landed in the inbox. Excluded words are not
// among them.
type Hit struct {
	RuleID int64
	Terms  []string
}

// Matcher matches items against a set of rules. Each distinct rule word is
// looked for once however many rules share it, in one pass over the item's
// words, and only the rules whose words were found are evaluated. It is
// immutable: any number of goroutines may call Match at once.
type Matcher struct {
	prefixes wordPrefixTrie
	phrases  [][]string // every distinct term of all the rules, folded
	byFirst  [][]int32  // per trie prefix id, the phrases that start with it
	rules    []matcherRule
}

type matcherRule struct {
	id     int64
	rule   *Rule
	phrase []int32 // per term of the rule, its index in Matcher.phrases
}

// NewMatcher prepares rules for Match; hits come in the order of rules, and
// an entry without a Rule is skipped.
func NewMatcher(rules []MatcherRule) *Matcher {
	m := &Matcher{}
	phraseIDs := map[string]int32{}
	for _, mr := range rules {
		if mr.Rule == nil {
			continue
		}
		entry := matcherRule{id: mr.ID, rule: mr.Rule, phrase: make([]int32, len(mr.Rule.terms))}
		for i, t := range mr.Rule.terms {
			key := strings.Join(t.words, " ")
			id, ok := phraseIDs[key]
			if !ok {
				id = int32(len(m.phrases))
				phraseIDs[key] = id
				m.phrases = append(m.phrases, t.words)
				first := m.prefixes.add(t.words[0])
				for int(first) >= len(m.byFirst) {
					m.byFirst = append(m.byFirst, nil)
				}
				m.byFirst[first] = append(m.byFirst[first], id)
			}
			entry.phrase[i] = id
		}
		m.rules = append(m.rules, entry)
	}
	return m
}

// Match returns the rules text matches, text being all an item says (its
// title, a line break, its summary). Markup in it is ignored.
func (m *Matcher) Match(text string) []Hit {
	words := foldItem(itemPlainText(text))
	var found []bool // per phrase; made when the first one is found
	var ids []int32
	for i, w := range words {
		ids = m.prefixes.appendPrefixesOf(ids[:0], w)
		for _, prefix := range ids {
			for _, ph := range m.byFirst[prefix] {
				if found != nil && found[ph] || !phraseAt(words, i, m.phrases[ph]) {
					continue
				}
				if found == nil {
					found = make([]bool, len(m.phrases))
				}
				found[ph] = true
			}
		}
	}
	if found == nil {
		return nil
	}
	var hits []Hit
	var local []bool
	for _, e := range m.rules {
		// An anchored rule cannot match without one of its positive terms
		// (see anchored), so most rules are ruled out here.
		var terms []string
		for i, t := range e.rule.terms {
			if t.positive && found[e.phrase[i]] && !slices.Contains(terms, t.text) {
				terms = append(terms, t.text)
			}
		}
		if terms == nil {
			continue
		}
		local = local[:0]
		for _, ph := range e.phrase {
			local = append(local, found[ph])
		}
		if e.rule.eval(e.rule.root, local) {
			hits = append(hits, Hit{RuleID: e.id, Terms: terms})
		}
	}
	return hits
}

// phraseAt tells whether the phrase's words start the item's words from
// the i-th on, the first being already known to.
func phraseAt(words []string, i int, phrase []string) bool {
	if i+len(phrase) > len(words) {
		return false
	}
	for j := 1; j < len(phrase); j++ {
		if !strings.HasPrefix(words[i+j], phrase[j]) {
			return false
		}
	}
	return true
}

// itemPlainText drops the tags and decodes the entities feeds leave in
// summaries: folded, "<p>Daugavpils&nbsp;dome" would read as the words
// "p daugavpils nbsp dome", and a phrase would not match across "nbsp".
func itemPlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 || i+1 >= len(s) {
			break
		}
		if c := s[i+1]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?') {
			// "a < b" in plain text is no tag
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		s = s[i+end+1:]
	}
	b.WriteString(s)
	return html.UnescapeString(b.String())
}

// wordPrefixTrie finds which rule words an item's word starts with, walking
// the word once whatever the number of rule words. Rule words are folded,
// so mostly ASCII: the root, where nearly every item word stops, is a
// table, and the deeper nodes, with few branches each, are short lists.
type wordPrefixTrie struct {
	root  [256]int32 // node index + 1 of the root's children; 0 for none
	nodes []wordPrefixNode
	count int32
}

type wordPrefixNode struct {
	prefix int32 // id of the rule word that ends here, or -1
	next   []wordPrefixEdge
}

type wordPrefixEdge struct {
	b    byte
	node int32
}

// add returns the id of w, a new one unless w was added before.
func (t *wordPrefixTrie) add(w string) int32 {
	n := t.child(-1, w[0])
	for i := 1; i < len(w); i++ {
		n = t.child(n, w[i])
	}
	if t.nodes[n].prefix < 0 {
		t.nodes[n].prefix = t.count
		t.count++
	}
	return t.nodes[n].prefix
}

// child is the node under n (-1 for the root) by b, made if missing.
func (t *wordPrefixTrie) child(n int32, b byte) int32 {
	if n < 0 {
		if t.root[b] == 0 {
			t.nodes = append(t.nodes, wordPrefixNode{prefix: -1})
			t.root[b] = int32(len(t.nodes))
		}
		return t.root[b] - 1
	}
	for _, e := range t.nodes[n].next {
		if e.b == b {
			return e.node
		}
	}
	t.nodes = append(t.nodes, wordPrefixNode{prefix: -1})
	c := int32(len(t.nodes) - 1)
	t.nodes[n].next = append(t.nodes[n].next, wordPrefixEdge{b: b, node: c})
	return c
}

// appendPrefixesOf appends the ids of the rule words w starts with.
func (t *wordPrefixTrie) appendPrefixesOf(ids []int32, w string) []int32 {
	n := t.root[w[0]] - 1
	for i := 1; ; i++ {
		if n < 0 {
			return ids
		}
		if p := t.nodes[n].prefix; p >= 0 {
			ids = append(ids, p)
		}
		if i == len(w) {
			return ids
		}
		next := int32(-1)
		for _, e := range t.nodes[n].next {
			if e.b == w[i] {
				next = e.node
				break
			}
		}
		n = next
	}
}

// foldItem is contacts.Fold(s), several times faster. Fold normalises s as
// a whole and then maps each rune on its own, through a Unicode
// decomposition that costs allocations per rune; that mapping is what
// makes up nearly all the time of matching an item. Here each rune's part
// is looked up instead, computed once from Fold itself for the runes
// Latvian and Russian news are written in. TestFoldItemIsContactsFold
// holds the two equal for every rune.
func foldItem(s string) []string {
	s = norm.NFC.String(strings.ToLower(s))
	folded := make([]byte, 0, len(s)+8)
	for _, r := range s {
		folded = append(folded, foldedRune(r)...)
	}
	return strings.Fields(string(folded))
}

// The runes with a part made in advance: Latin, Greek and Cyrillic, and
// general punctuation (dashes, typographic quotes, the ellipsis).
const (
	foldTableEnd         = 0x0530
	foldPunctuationStart = 0x2000
	foldPunctuationEnd   = 0x2070
)

var foldTables = sync.OnceValues(func() (letters, punctuation []string) {
	letters = make([]string, foldTableEnd)
	for r := range rune(foldTableEnd) {
		letters[r] = foldRuneAlone(r)
	}
	punctuation = make([]string, foldPunctuationEnd-foldPunctuationStart)
	for r := rune(foldPunctuationStart); r < foldPunctuationEnd; r++ {
		punctuation[r-foldPunctuationStart] = foldRuneAlone(r)
	}
	return letters, punctuation
})

// foldedRune is what Fold writes for r, a rune of lower-case NFC text:
// letters, or a space where a word ends.
func foldedRune(r rune) string {
	letters, punctuation := foldTables()
	switch {
	case r >= 0 && r < foldTableEnd:
		return letters[r]
	case r >= foldPunctuationStart && r < foldPunctuationEnd:
		return punctuation[r-foldPunctuationStart]
	}
	return foldRuneAlone(r)
}

// foldRuneAlone asks Fold what r becomes. Fold drops the space it writes
// at a word's end, so a rune that decomposes into anything but letters,
// digits and diacritics is spelt out here the way Fold does it; such a
// rune is never one of the letters Fold maps specially.
func foldRuneAlone(r rune) string {
	decomposed := norm.NFD.String(string(r))
	separates := strings.ContainsFunc(decomposed, func(d rune) bool {
		return !unicode.Is(unicode.Mn, d) && !unicode.IsLetter(d) && !unicode.IsDigit(d)
	})
	if !separates {
		return strings.Join(contacts.Fold(string(r)), "")
	}
	var b strings.Builder
	for _, d := range decomposed {
		switch {
		case unicode.Is(unicode.Mn, d):
		case unicode.IsLetter(d) || unicode.IsDigit(d):
			b.WriteRune(d)
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}
