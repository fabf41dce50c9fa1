"""The articles of the agreement as the application ships them (version 1 in each language):
the obligations of the ministry's model framework agreement (Convenția-cadru privind
efectuarea stagiului de practică, OMECTS nr. 3955/2008, anexa 2), paraphrased.

A `# ` line is the title, `## ` an article's heading, `- ` an item of a list; `[[object]]`,
`[[duration]]`, `[[schedule]]` and `[[mentors]]` stand for the facts of the internship the
PDF prints there. Staff edit them later (each edit a new version).
"""

ROMANIAN = "\n".join(
    [
        "# CONVENȚIE-CADRU",
        (
            "# privind efectuarea stagiului de practică în cadrul programelor de studii "
            "universitare de licență sau masterat"
        ),
        "## Obiectul convenției-cadru",
        (
            "Convenția-cadru stabilește cadrul în care se organizează și se desfășoară "
            "stagiul de practică, în vederea consolidării cunoștințelor teoretice și a "
            "formării abilităților practicantului, spre a le aplica în concordanță cu "
            "specializarea pentru care se instruiește."
        ),
        "[[object]]",
        (
            "Modalitățile de derulare și conținutul stagiului de practică sunt descrise în "
            "prezenta convenție-cadru și în portofoliul de practică din anexa ei, parte "
            "integrantă a convenției."
        ),
        "## Statutul practicantului",
        (
            "Practicantul rămâne, pe toată durata stagiului de practică, student al "
            "organizatorului de practică."
        ),
        (
            "Stagiul de practică nu se efectuează în cadrul unui contract de muncă, iar "
            "practicantul nu poate pretinde un salariu din partea partenerului de practică, "
            "cu excepția situației în care are statut de angajat al acestuia. Partenerul de "
            "practică poate totuși acorda practicantului o indemnizație, gratificări, prime "
            "sau avantaje în natură, potrivit legii."
        ),
        "## Durata și perioada desfășurării stagiului de practică",
        "[[duration]]",
        "## Programul și locul de desfășurare a stagiului",
        "[[schedule]]",
        (
            "Programul nu depășește durata legală a timpului de lucru; activitățile în afara "
            "programului stabilit se desfășoară numai cu acordul practicantului și al "
            "cadrului didactic supervizor."
        ),
        "## Drepturile și obligațiile practicantului",
        "Practicantul are următoarele obligații:",
        (
            "- să respecte programul de lucru stabilit și să execute activitățile indicate de"
            " tutore, potrivit portofoliului de practică, în limitele legale privind volumul "
            "și dificultatea acestora;"
        ),
        (
            "- să respecte regulamentul de ordine interioară al partenerului de practică; în "
            "cazul nerespectării lui, conducătorul partenerului de practică poate cere "
            "încetarea convenției, după ce a ascultat punctul de vedere al practicantului și "
            "al cadrului didactic supervizor și după ce a înștiințat organizatorul de "
            "practică;"
        ),
        (
            "- să respecte normele de securitate și sănătate în muncă în care a fost instruit"
            " de partenerul de practică înainte de începerea stagiului;"
        ),
        (
            "- să țină caietul de practică (jurnalul activităților), zi de zi, și să îl "
            "prezinte tutorelui și cadrului didactic supervizor;"
        ),
        (
            "- să nu folosească și să nu comunice terților informațiile la care are acces în "
            "timpul stagiului despre partenerul de practică sau clienții săi, nici după "
            "încheierea stagiului, decât cu acordul partenerului de practică."
        ),
        (
            "Practicantul are dreptul să primească sarcini potrivite competențelor din "
            "portofoliul de practică, îndrumarea tutorelui și a cadrului didactic supervizor,"
            " precum și mijloacele necesare pentru a le îndeplini."
        ),
        "## Drepturile și obligațiile partenerului de practică",
        "Partenerul de practică are următoarele obligații:",
        (
            "- să desemneze un tutore dintre salariații proprii, care îndrumă practicantul și"
            " ale cărui obligații sunt menționate în portofoliul de practică;"
        ),
        (
            "- să facă practicantului, înainte de începerea stagiului, instructajul privind "
            "normele de securitate și sănătate în muncă și să ia măsurile necesare pentru "
            "securitatea și sănătatea lui în muncă;"
        ),
        (
            "- să pună la dispoziția practicantului toate mijloacele necesare pentru "
            "dobândirea competențelor precizate în portofoliul de practică;"
        ),
        (
            "- să asigure practicantului accesul liber la serviciul de medicina muncii pe "
            "durata stagiului;"
        ),
        (
            "- să țină evidența prezenței practicantului, să confirme orele din caietul de "
            "practică și să evalueze practicantul la jumătatea și la sfârșitul stagiului."
        ),
        (
            "În cazul nerespectării obligațiilor de către practicant, tutorele contactează "
            "cadrul didactic supervizor, iar sancțiunile se aplică potrivit legii și "
            "regulamentelor organizatorului de practică."
        ),
        "## Drepturile și obligațiile organizatorului de practică",
        "Organizatorul de practică are următoarele obligații:",
        (
            "- să desemneze un cadru didactic supervizor, responsabil cu planificarea, "
            "organizarea și supravegherea stagiului, care stabilește împreună cu tutorele "
            "tematica stagiului și competențele profesionale urmărite;"
        ),
        "- să verifice caietul de practică și evaluările partenerului de practică;",
        (
            "- să acorde practicantului, după încheierea cu succes a stagiului, numărul de "
            "credite prevăzut în portofoliul de practică și să elibereze certificatul de "
            "practică."
        ),
        (
            "Dacă stagiul nu se desfășoară potrivit angajamentelor partenerului de practică, "
            "conducătorul organizatorului de practică poate decide întreruperea stagiului, "
            "după informarea prealabilă a conducătorului partenerului de practică."
        ),
        "## Tutorele și cadrul didactic supervizor",
        "[[mentors]]",
        (
            "Tutorele și cadrul didactic supervizor evaluează practicantul pe toată durata "
            "stagiului, pe baza fișelor de evaluare: atât nivelul de dobândire a "
            "competențelor profesionale, cât și comportamentul și integrarea practicantului "
            "în activitatea partenerului de practică (disciplină, punctualitate, "
            "responsabilitate în rezolvarea sarcinilor). La sfârșitul stagiului tutorele "
            "întocmește evaluarea finală, care stă la baza notării practicantului de către "
            "cadrul didactic supervizor. Tutorele atestă, prin confirmarea caietului de "
            "practică, că activitățile consemnate corespund celor desfășurate."
        ),
        "## Sănătatea și securitatea în muncă. Protecția socială a practicantului",
        (
            "Partenerul de practică respectă prevederile legale privind sănătatea și "
            "securitatea în muncă a practicantului pe durata stagiului."
        ),
        (
            "Practicantul beneficiază de protecție socială potrivit legii; în temeiul Legii "
            "nr. 346/2002 privind asigurarea pentru accidente de muncă și boli profesionale, "
            "practicantul beneficiază de legislația privind accidentele de muncă pe toată "
            "durata stagiului."
        ),
        (
            "În cazul unui accident suferit de practicant în timpul lucrului sau al "
            "deplasării la lucru, partenerul de practică înștiințează asigurătorul și "
            "organizatorul de practică."
        ),
        "## Confidențialitatea",
        (
            "Părțile păstrează confidențialitatea informațiilor la care au acces în "
            "executarea prezentei convenții. Datele personale ale practicantului se "
            "prelucrează numai în scopul organizării și evaluării stagiului, potrivit "
            "Regulamentului (UE) 2016/679."
        ),
        "## Modificarea și încetarea convenției",
        (
            "Prezenta convenție se modifică numai prin act adițional confirmat de toate cele "
            "trei părți."
        ),
        (
            "Convenția încetează la încheierea stagiului de practică, prin acordul părților "
            "sau prin denunțarea ei de către una dintre părți, pentru motive temeinice, cu "
            "înștiințarea prealabilă a celorlalte părți."
        ),
        "## Prevederi finale",
        (
            "Prezenta convenție-cadru se încheie în temeiul Legii nr. 258/2007 privind "
            "practica elevilor și studenților și al Ordinului ministrului educației, "
            "cercetării și tineretului nr. 3955/2008. Fiecare parte o confirmă electronic, "
            "iar confirmarea se înregistrează împreună cu amprenta (SHA-256) a documentului "
            "confirmat; fiecare parte păstrează un exemplar."
        ),
        (
            "Litigiile privind executarea convenției se soluționează pe cale amiabilă, iar în"
            " lipsa unei înțelegeri, de instanțele competente."
        ),
    ]
)

ENGLISH = "\n".join(
    [
        "# FRAMEWORK AGREEMENT",
        "# on the practical training within bachelor's or master's degree programmes",
        "## Object of the framework agreement",
        (
            "This framework agreement sets the frame in which the practical training is "
            "organised and carried out, so that the intern consolidates the theoretical "
            "knowledge and forms the skills to apply it in keeping with the speciality in "
            "which the intern is trained."
        ),
        "[[object]]",
        (
            "How the practical training runs and what it holds are described in this "
            "framework agreement and in the practice portfolio annexed to it, which is part "
            "of the agreement."
        ),
        "## Status of the intern",
        (
            "Throughout the practical training the intern remains a student of the training "
            "organiser."
        ),
        (
            "The practical training is not carried out under an employment contract, and the "
            "intern cannot claim a salary from the host, unless the intern is its employee. "
            "The host may nevertheless grant the intern an allowance, bonuses or benefits in "
            "kind, as the law allows."
        ),
        "## Duration and period of the practical training",
        "[[duration]]",
        "## Schedule and place of the practical training",
        "[[schedule]]",
        (
            "The schedule does not exceed the legal working time; activities outside it take "
            "place only with the consent of the intern and of the academic supervisor."
        ),
        "## Rights and obligations of the intern",
        "The intern shall:",
        (
            "- keep to the agreed schedule and carry out the activities the tutor sets, in "
            "line with the practice portfolio and within the legal limits of their volume and"
            " difficulty;"
        ),
        (
            "- follow the host's internal rules; if the intern does not, the host's head may "
            "ask to end the agreement, after hearing the intern and the academic supervisor "
            "and informing the training organiser;"
        ),
        (
            "- follow the health and safety rules in which the host trained the intern before"
            " the training began;"
        ),
        (
            "- keep the practice file (the logbook of activities) day by day and show it to "
            "the tutor and to the academic supervisor;"
        ),
        (
            "- not use, nor disclose to anyone, information about the host or its clients "
            "learnt during the training, even after it ends, without the host's consent."
        ),
        (
            "The intern is entitled to tasks suited to the competences in the practice "
            "portfolio, to the guidance of the tutor and of the academic supervisor, and to "
            "the means needed to carry them out."
        ),
        "## Rights and obligations of the host",
        "The host shall:",
        (
            "- appoint a tutor among its employees, who guides the intern and whose duties "
            "are set out in the practice portfolio;"
        ),
        (
            "- train the intern in health and safety at work before the training begins, and "
            "take the measures needed for the intern's health and safety at work;"
        ),
        (
            "- give the intern every means needed to acquire the competences set out in the "
            "practice portfolio;"
        ),
        ("- give the intern free access to the occupational health service during the training;"),
        (
            "- record the intern's attendance, approve the hours in the practice file and "
            "evaluate the intern at mid-term and at the end of the training."
        ),
        (
            "If the intern does not meet these obligations, the tutor contacts the academic "
            "supervisor, and sanctions are applied under the law and the training organiser's"
            " regulations."
        ),
        "## Rights and obligations of the training organiser",
        "The training organiser (the university) shall:",
        (
            "- appoint an academic supervisor, responsible for planning, organising and "
            "supervising the training, who sets with the tutor the topics of the training and"
            " the professional competences it aims at;"
        ),
        "- check the practice file and the host's evaluations;",
        (
            "- award the intern, once the training is completed successfully, the credits set"
            " out in the practice portfolio, and issue the internship certificate."
        ),
        (
            "If the training does not run as the host undertook in this agreement, the head "
            "of the training organiser may decide to interrupt it, after informing the head "
            "of the host beforehand."
        ),
        "## The tutor and the academic supervisor",
        "[[mentors]]",
        (
            "The tutor and the academic supervisor assess the intern throughout the training,"
            " on the evaluation forms: both the level of the professional competences "
            "acquired and the intern's conduct and integration in the host's work "
            "(discipline, punctuality, responsibility in carrying out tasks). At the end of "
            "the training the tutor writes the final evaluation, on which the academic "
            "supervisor bases the intern's grade. By approving the practice file, the tutor "
            "attests that the activities recorded are those carried out."
        ),
        "## Health and safety at work. Social protection of the intern",
        (
            "The host complies with the law on the intern's health and safety at work "
            "throughout the training."
        ),
        (
            "The intern has social protection under the law; under Law no. 346/2002 on "
            "insurance for accidents at work and occupational diseases, the law on accidents "
            "at work applies to the intern throughout the training."
        ),
        (
            "If the intern suffers an accident at work or on the way to work, the host "
            "informs the insurer and the training organiser."
        ),
        "## Confidentiality",
        (
            "The parties keep confidential the information they learn in carrying out this "
            "agreement. The intern's personal data are processed only to organise and assess "
            "the training, under Regulation (EU) 2016/679."
        ),
        "## Amendments and termination",
        "This agreement is changed only by an amendment confirmed by all three parties.",
        (
            "It ends when the practical training ends, by the parties' agreement, or when one"
            " party ends it for good reason, having informed the other parties beforehand."
        ),
        "## Final provisions",
        (
            "This framework agreement is made under Law no. 258/2007 on the practical "
            "training of pupils and students and Order no. 3955/2008 of the Minister of "
            "Education, Research and Youth. Each party confirms it electronically, and each "
            "confirmation is recorded with the fingerprint (SHA-256) of the document "
            "confirmed; each party keeps a copy."
        ),
        (
            "Disputes about carrying out this agreement are settled amicably or, failing "
            "that, by the competent courts."
        ),
    ]
)

DEFAULTS = {"ro": ROMANIAN, "en": ENGLISH}


def text_in(language: str):
    """The latest articles in `language`; version 1 from the defaults when there are none
    (a database emptied by a test, or one made before the texts shipped)."""
    from .models import AgreementText

    text = AgreementText.objects.filter(language=language).order_by("-version").first()
    if text is None and language in DEFAULTS:
        text, _created = AgreementText.objects.get_or_create(
            language=language, version=1, defaults={"body": DEFAULTS[language]}
        )
    return text
