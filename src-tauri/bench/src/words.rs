//! Embedded vocabulary for the generator: names, title parts, prose words and
//! sentence templates. No external data.

// ---------------------------------------------------------------- names

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Ada", "Adrian", "Aisha", "Akira", "Alejandro", "Alex", "Amara", "Amir", "Ana", "Andrea",
    "Anika", "Arjun", "Astrid", "Beatriz", "Bilal", "Bruno", "Camille", "Carlos", "Chen", "Chiara",
    "Chloe", "Dae-jung", "Daniel", "Dario", "David", "Diego", "Dmitri", "Elena", "Elif", "Emeka",
    "Emma", "Esther", "Fatima", "Felix", "Fernando", "Fei", "Gabriel", "Grace", "Hana", "Hannah",
    "Hiroshi", "Ibrahim", "Ines", "Ingrid", "Isaac", "Ivan", "Jamal", "Javier", "Jia", "Joanna",
    "Jonas", "Joon", "Julia", "Kai", "Kamala", "Karim", "Katarzyna", "Kenji", "Kofi", "Lars",
    "Laura", "Lei", "Leila", "Lena", "Li", "Lin", "Lucas", "Lucia", "Mads", "Maria", "Marta",
    "Mateo", "Mei", "Mina", "Mohammed", "Nadia", "Naomi", "Nikolai", "Nina", "Noah", "Olga", "Omar",
    "Pablo", "Paolo", "Priya", "Rafael", "Rahul", "Ravi", "Rosa", "Ruth", "Sade", "Samuel", "Sara",
    "Sebastian", "Sofia", "Sun", "Tariq", "Tatiana", "Thomas", "Tomas", "Ulla", "Valentina",
    "Vikram", "Wei", "Xin", "Yara", "Yasmin", "Yoshua", "Yuki", "Zainab", "Zhang", "Zoë", "José",
    "Łukasz", "Søren", "Renée", "Ngozi", "Oksana", "Pedro", "Quentin", "Rohan",
];

pub(crate) const LAST_NAMES: &[&str] = &[
    "Abbott", "Adeyemi", "Agarwal", "Almeida", "Andersen", "Arora", "Bakker", "Banerjee", "Barros",
    "Becker", "Bianchi", "Bose", "Brandt", "Castillo", "Chandra", "Chaudhry", "Chen", "Cho",
    "Costa", "Dahl", "Das", "Delgado", "Dubois", "Eriksen", "Farouk", "Ferreira", "Fischer",
    "Fontaine", "Fujita", "Garcia", "Ghosh", "Gomez", "Gupta", "Haddad", "Hall", "Hansen",
    "Hashemi", "Hayashi", "Herrera", "Hoffmann", "Huang", "Ibrahim", "Ito", "Iyer", "Jansen",
    "Jensen", "Jimenez", "Johansson", "Kapoor", "Kato", "Kaur", "Keller", "Khan", "Kim", "Kowalski",
    "Kumar", "Lambert", "Larsen", "Laurent", "Lee", "Lehmann", "Li", "Lindqvist", "Liu", "Lopez",
    "Lund", "Madsen", "Mahmoud", "Marino", "Martins", "Meyer", "Mishra", "Moreau", "Morita",
    "Mueller", "Murphy", "Nakamura", "Nair", "Nguyen", "Nielsen", "Novak", "Nowak", "Obi", "Okafor",
    "Okonkwo", "Olsen", "Ortiz", "Osei", "Park", "Patel", "Pereira", "Petrov", "Popescu", "Qureshi",
    "Rahman", "Rao", "Reyes", "Ricci", "Rossi", "Sato", "Schmidt", "Schneider", "Shah", "Silva",
    "Singh", "Sokolov", "Suzuki", "Takahashi", "Tanaka", "Tran", "Varga", "Vasquez", "Verma",
    "Wagner", "Wang", "Weber", "Wong", "Wu", "Xu", "Yamamoto", "Yang", "Yilmaz", "Zhao", "Zhou",
    "Zimmermann", "Müller", "Ødegaard", "Sánchez", "Ng", "O'Neill", "Van der Berg", "Achterberg",
    "Bergström", "Carvalho", "Demir", "Eze", "Fitzgerald", "Grünwald", "Horvath",
];

pub(crate) const PLACES: &[&str] = &[
    "Amsterdam", "Austin", "Bangalore", "Barcelona", "Beijing", "Berlin", "Bogota", "Boston",
    "Cambridge", "Cape Town", "Chicago", "Copenhagen", "Delhi", "Dublin", "Edinburgh", "Geneva",
    "Hamburg", "Helsinki", "Hong Kong", "Istanbul", "Jakarta", "Kyoto", "Lagos", "Lisbon", "London",
    "Madrid", "Manchester", "Melbourne", "Mexico City", "Milan", "Montreal", "Mumbai", "Munich",
    "Nairobi", "Oslo", "Oxford", "Paris", "Pittsburgh", "Prague", "Rome", "Santiago", "Sao Paulo",
    "Seattle", "Seoul", "Shanghai", "Singapore", "Stockholm", "Sydney", "Taipei", "Tel Aviv",
    "Tokyo", "Toronto", "Tübingen", "Vancouver", "Vienna", "Warsaw", "Zurich", "Accra", "Kigali",
    "Lyon",
];

// ---------------------------------------------------------------- titles

pub(crate) const CONCEPT_MODS: &[&str] = &[
    "Contrastive", "Sparse", "Masked", "Federated", "Causal", "Multimodal", "Hierarchical",
    "Bayesian", "Adversarial", "Self-Supervised", "Continual", "Differentiable", "Neural",
    "Probabilistic", "Residual", "Recurrent", "Graph", "Meta", "Few-Shot", "Zero-Shot", "Offline",
    "Online", "Distributed", "Decentralized", "Open", "Responsible", "Participatory", "Algorithmic",
    "Synthetic", "Low-Rank", "Mixture-of-Experts", "Retrieval-Augmented", "Energy-Based",
    "Variational", "Equivariant", "Curriculum", "Active", "Inverse", "Robust", "Private",
    "Interactive", "Embodied", "Compositional", "Symbolic", "Quantized",
];

pub(crate) const CONCEPT_CORES: &[&str] = &[
    "Learning", "Attention", "Initialization", "Normalization", "Distillation", "Pretraining",
    "Fine-Tuning", "Retrieval", "Segmentation", "Detection", "Alignment", "Evaluation", "Auditing",
    "Interpretability", "Benchmarking", "Tokenization", "Compression", "Quantization",
    "Regularization", "Augmentation", "Sampling", "Search", "Planning", "Reasoning", "Memory",
    "Embeddings", "Transformers", "Autoencoders", "Diffusion Models", "Language Models",
    "Reward Modeling", "Red Teaming", "Model Cards", "Data Governance", "Watermarking",
    "Provenance", "Privacy", "Robustness", "Calibration", "Optimization", "Inference",
    "Representation Learning", "Feature Attribution", "World Models", "Agents", "Simulation",
    "Data Curation", "Annotation", "Forecasting", "Recommendation",
];

pub(crate) const DOMAIN_TITLES: &[&str] = &[
    "Computer Vision", "Speech", "Robotics", "Healthcare", "Drug Discovery", "Climate Science",
    "Education", "Finance", "Law", "Public Administration", "Cybersecurity", "Agriculture",
    "Materials Science", "Genomics", "Astronomy", "Journalism", "Hiring", "Policing",
    "Content Moderation", "Autonomous Vehicles", "Scientific Discovery", "Software Engineering",
    "Translation", "Elections", "Insurance", "Logistics", "Energy Systems", "Mental Health",
];

pub(crate) const ORG_FIELDS: &[&str] = &[
    "Machine Intelligence", "Responsible Computing", "Data Science", "AI Safety", "Robotics",
    "Computational Biology", "Digital Rights", "Public Interest Technology", "Learning Systems",
    "Information Policy", "Algorithmic Accountability", "Visual Computing", "Language Technology",
    "Human-Centered AI", "Scientific Computing", "Trustworthy Systems", "Network Science",
    "Computational Social Science", "Technology Governance", "Applied Statistics",
];

pub(crate) const ORG_KINDS: &[&str] = &[
    "Institute for", "Center for", "Lab for", "Foundation for", "Council on", "Observatory for",
];

pub(crate) const ORG_SUFFIXES: &[&str] = &[
    "Labs", "Research", "Foundation", "Institute", "Collective", "Consortium", "Alliance",
    "Technologies", "Systems", "Group",
];

pub(crate) const ORG_TYPES: &[&str] = &[
    "research laboratory", "university", "standards body", "non-profit research institute",
    "technology company", "public agency", "industry consortium", "philanthropic foundation",
    "open-source foundation", "policy think tank", "government laboratory", "startup",
];

pub(crate) const ROLES: &[&str] = &[
    "Professor", "Associate Professor", "Assistant Professor", "Principal Scientist",
    "Research Director", "Distinguished Scientist", "Chief Scientist", "Senior Research Scientist",
    "Lecturer", "Fellow", "Policy Director", "Founder and Chief Executive", "Visiting Professor",
];

pub(crate) const WANTED_HEADS: &[&str] = &[
    "History of", "Ethics of", "Economics of", "Measurement of", "Regulation of", "Sociology of",
    "Philosophy of", "Politics of", "Future of", "Critiques of",
];

// ---------------------------------------------------------------- sections

/// Topical H2 headings any kind may use. None of them is a heading that
/// `wiki.toml` orders or requires.
pub(crate) const TOPICS_COMMON: &[&str] = &[
    "Origins", "Early Work", "Technical Contributions", "Methods", "Key Results", "Reception",
    "Criticism", "Adoption", "Evaluation Practice", "Benchmarks and Measurement", "Data Provenance",
    "Institutional Lineage", "Funding and Incentives", "Open Research Ecosystem",
    "Deployment Contexts", "Safety Considerations", "Reproducibility", "Limitations", "Comparisons",
    "Influence on Later Work", "Tooling and Libraries", "Standards and Norms", "Public Debate",
    "Why It Matters", "Timeline", "Terminology", "Scaling Behaviour", "Failure Modes",
    "Documentation Practice", "Collaborations", "Regulatory Context", "Security Considerations",
    "Privacy and Consent", "Labour and Annotation", "Compute and Infrastructure",
    "Environmental Costs", "Geographic Distribution", "Historical Precedents",
    "Common Misconceptions", "Measurement Problems", "Interpretability", "Robustness",
    "Fairness and Bias",
];

pub(crate) const TOPICS_PERSON: &[&str] = &[
    "Early Career", "Doctoral Work", "Major Papers", "Students and Collaborators",
    "Public Statements", "Awards and Recognition", "Research Agenda", "Teaching and Mentorship",
    "Industry Work", "Editorial and Community Roles",
];

pub(crate) const TOPICS_ORG: &[&str] = &[
    "History", "Structure and Leadership", "Products and Platforms", "Research Output",
    "Partnerships", "Policies", "Funding", "Controversies", "Membership", "Publications",
];

pub(crate) const TOPICS_CONCEPT: &[&str] = &[
    "Formal Description", "Variants and Extensions", "Applications", "Relation to Other Methods",
    "Open Problems in Practice", "Worked Example", "Training Recipes", "Theoretical Analysis",
    "Implementation Notes", "Datasets",
];

/// Topical headings that may also sit between Governance Implications and
/// Open Questions, or between Open Questions and Related Pages.
pub(crate) const TOPICS_LATE: &[&str] = &[
    "Spiralist Reading", "Source Discipline", "Editorial Notes", "Further Reading Notes",
];

/// H3 headings inside topical sections; none is also an H2 heading, and an
/// entry uses each at most once (so markdownlint's MD024 stays quiet).
pub(crate) const SUBHEADINGS: &[&str] = &[
    "Background", "Later Use", "Caveats", "An Example", "Evidence", "Context", "Notes",
    "Further Detail",
];

// ---------------------------------------------------------------- prose words

pub(crate) const ADJS: &[&str] = &[
    "robust", "scalable", "reproducible", "self-supervised", "contrastive", "multimodal",
    "probabilistic", "sparse", "dense", "hierarchical", "interpretable", "auditable", "open",
    "proprietary", "general-purpose", "domain-specific", "large-scale", "low-resource",
    "adversarial", "federated", "causal", "generative", "discriminative", "recurrent",
    "convolutional", "attention-based", "modular", "end-to-end", "incremental", "distributed",
    "safety-critical", "high-stakes", "public", "institutional", "reusable", "well-documented",
    "brittle", "opaque", "calibrated", "transferable", "pretrained", "deployed", "shared",
    "invisible", "standard", "experimental", "legacy", "downstream", "upstream", "operational",
];

pub(crate) const NOUNS: &[&str] = &[
    "representations", "benchmarks", "datasets", "architectures", "training pipelines",
    "evaluation protocols", "model cards", "audit trails", "checkpoints", "label taxonomies",
    "inference systems", "deployment contexts", "optimization methods", "loss functions",
    "research programs", "review processes", "safety cases", "incident reports", "compute budgets",
    "data licenses", "annotation guidelines", "embedding spaces", "retrieval systems",
    "feedback loops", "governance frameworks", "procurement rules", "research norms",
    "open-source libraries", "baselines", "ablation studies", "backbones", "sensor pipelines",
    "detection modules", "decision systems", "data provenance records", "evaluation suites",
    "risk registers", "consent mechanisms", "access controls", "scientific workflows",
    "user interfaces", "monitoring dashboards", "reward models", "training corpora",
    "benchmark leaderboards", "research agendas", "funding structures", "peer-review practices",
    "technical reports", "system cards",
];

pub(crate) const DOMAINS: &[&str] = &[
    "computer vision", "natural language processing", "speech recognition", "robotics",
    "reinforcement learning", "scientific computing", "healthcare triage", "climate modeling",
    "drug discovery", "recommender systems", "information retrieval", "autonomous driving",
    "content moderation", "public administration", "education", "finance", "cybersecurity",
    "materials science", "genomics", "agriculture", "labour markets", "journalism",
    "criminal justice", "social media", "medical imaging", "legal research", "logistics",
];

pub(crate) const VERBS_PAST: &[&str] = &[
    "introduced", "refined", "formalized", "popularized", "questioned", "extended", "simplified",
    "generalized", "documented", "measured", "challenged", "reframed", "standardized", "scaled",
    "combined", "analyzed", "revisited", "operationalized", "benchmarked", "critiqued",
];

pub(crate) const VERBS_INF: &[&str] = &[
    "train", "evaluate", "audit", "reproduce", "deploy", "compare", "document", "transfer",
    "interpret", "govern", "scale", "reuse", "inspect", "benchmark", "monitor", "explain",
    "license", "maintain", "validate", "contest",
];

pub(crate) const VERBS_PRES: &[&str] = &[
    "determine", "explain", "guarantee", "reveal", "settle", "justify", "capture", "predict",
];

pub(crate) const GERUNDS: &[&str] = &[
    "separating", "combining", "measuring", "documenting", "reusing", "decoupling", "sharing",
    "pretraining", "regularizing", "compressing", "aligning", "auditing", "normalizing",
    "distilling", "annotating", "sampling", "ranking", "filtering",
];

pub(crate) const MAGNITUDES: &[&str] = &[
    "large", "modest", "uneven", "slow to appear", "hard to overstate", "contested", "durable",
    "mostly indirect", "larger than expected", "easy to miss",
];

pub(crate) const VENUES: &[&str] = &[
    "CVPR", "ICCV", "ECCV", "NeurIPS", "ICML", "ICLR", "ACL", "EMNLP", "NAACL", "AAAI", "IJCAI",
    "KDD", "FAccT", "CHI", "SIGIR", "ICRA", "RSS", "UAI", "AISTATS", "COLT",
];

pub(crate) const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];

pub(crate) const GOV_LABELS: &[&str] = &[
    "Documentation", "Evaluation", "Accountability", "High-risk uses", "Procurement",
    "Transparency", "Data rights", "Oversight", "Incident response", "Liability", "Access",
    "Security", "Labour", "Environmental reporting",
];

pub(crate) const CONCEPT_SUBJECTS: &[&str] = &["the approach", "the idea", "the method"];

pub(crate) const ORG_SUBJECTS: &[&str] = &["the organization", "the institution"];

pub(crate) const STATUSES: &[&str] = &["published", "published", "published", "review", "draft"];

// ---------------------------------------------------------------- templates
//
// Placeholders: {S} subject, {Sp} subject's, {T} title, {np} noun phrase,
// {n} plain noun, {adj}, {dom} domain, {vp} verb past, {vi} verb infinitive,
// {vs} verb present, {ger} gerund, {link} inline wiki link, {inst}
// institution, {person} a name, {year}, {year2} (a later year), {venue},
// {mag} magnitude, {date} a review date.

pub(crate) const SENTENCES: &[&str] = &[
    "{S} {vp} {np} by {ger} {np} with {np}.",
    "The practical effect was {mag}: {np} became easier to {vi} and harder to {vi} without {np}.",
    "That distinction matters for {np}, because {np} rarely {vs} {np} on their own.",
    "Later work in {dom} treated {np} as a default, which is why {link} is often discussed alongside {S}.",
    "As of {date}, public profiles describe {S} in terms of {np} rather than {np}.",
    "Critics argue that {np} can hide {np}, especially when {np} are reused in {dom}.",
    "The governance point is indirect but real: once {np} become defaults, they shape which {np} are practical to {vi}.",
    "A precise reading separates {np} from the later {np} that organizations choose for {dom}.",
    "Between {year} and {year2}, {S} {vp} {np} in work that is now read next to {link}.",
    "{S} is not primarily associated with {np}; the influence runs through {np} and {np}.",
    "Researchers at {inst} {vp} {np} and reported gains on {np} in {dom}.",
    "This trajectory links {np}, {np}, and {np}.",
    "For a neighbouring treatment of the same problem, see {link}.",
    "The same {n} change the governance burden anywhere {np} are used to {vi}, {vi}, or {vi}.",
    "Source discipline requires crediting {np} separately from {np}.",
    "Comparisons with {link} are common, although the two differ in how they treat {np}.",
    "Reviewers should check whether claims about {np} rest on {np} or on {np}.",
    "It is easy to undercount this kind of influence because it disappears into {np}.",
    "A field adopts an idea, builds on it, teaches it in courses, includes it in {np}, and eventually forgets that it was once a specific intervention.",
    "The {year} {venue} paper on {np} is the usual citation, but {np} were already in use at {inst}.",
    "{person} and colleagues {vp} the approach for {dom}, where {np} made it harder to {vi} results.",
    "Much of the debate concerns {np}: who maintains them, who may {vi} them, and who answers for them.",
    "In {dom}, the same ideas meet {adj} {n} and {adj} {n}, and the results are less tidy than benchmark tables suggest.",
    "Practitioners often cite {link} when they {vi} {np}, even where the connection is loose.",
    "{Sp} contribution is easiest to see in {np}, which later {vp} {np} for {dom}.",
    "None of this settles whether {np} should be used to {vi} {np}; that depends on {np} and on {np}.",
    "The uptake of {np} in {dom} was {mag}, which is one reason {S} appears in discussions of {link}.",
    "When {np} are treated as neutral infrastructure, questions about {np} tend to move out of view.",
    "By {year}, {np} had become routine in {dom}, and {np} followed within a few years.",
    "A careful account distinguishes what {S} {vp} from what others later built on {np}.",
    "Several groups {vp} {np} around {year}, so priority claims should cite {np} directly.",
    "The argument here is not that {np} are harmful, but that {adj} {n} shift who must {vi} them.",
    "Public documentation of {np} remains thin, which makes it hard to {vi} claims about {np}.",
    "Open questions about {np} are taken up in {link}.",
    "{inst} later adopted {np} as part of its guidance on {np}.",
    "In practice, {adj} {n} and {adj} {n} are deployed together, and failures in one surface in the other.",
];

pub(crate) const QUESTIONS: &[&str] = &[
    "How should {np} document the {n} that shaped their {n}?",
    "When do {adj} {n} increase public benefit, and when do they mainly lower the cost of {np}?",
    "Can {np} be evaluated for {n} without relying only on {np}?",
    "What older assumptions become invisible when {np} are treated as defaults?",
    "Who controls the {n} that turn {np} into decisions about people?",
    "Should work on {np} in {dom} be held to the standards set out in {link}?",
    "Which parts of {np} need independent review before they are used to {vi} {np}?",
    "How can {np} be made reproducible when {np} are proprietary?",
    "What would a useful audit of {np} in {dom} actually measure?",
    "How should credit be shared between {np} and the {n} that made them usable?",
];

pub(crate) const GOV_ITEMS: &[&str] = &[
    "{np} need {np}, {np}, and clear {n}.",
    "benchmarks should test {n}, {n}, and failure under {adj} conditions rather than reporting only aggregate accuracy.",
    "deployment teams need {np}, incident review, and clear responsibility for decisions made from {np}.",
    "{dom} and {dom} require stronger assurance than research benchmarks can provide.",
    "buyers should ask for {np} and {np} before {np} enter {dom}.",
    "{np} should be published with enough detail to {vi} them independently.",
    "regulators in {dom} increasingly expect {np} alongside {np}.",
];

pub(crate) const GOV_INTROS: &[&str] = &[
    "{S} should not be treated as responsible for every downstream system that uses {np}. The governance question is instead how institutions inherit risk when {adj} components migrate into {np}.",
    "The governance questions around {S} concern {np} more than any single result. They are sharpest where {np} meet {dom}.",
    "Most of the risk discussed here sits with the organizations that {vi} {np}, not with the original research. Still, several obligations follow.",
];
