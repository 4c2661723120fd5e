"""Attribution strategies (nlp/strategies.py), each on cases of its own in English and Chinese,
through the real extractor (spaCy, jieba) on text written for the project. Every claim records
the strategy that decided its claimant; the report at the end counts the cases each strategy
decides and fails when a strategy decides fewer than two (a rule with one case is suspect)."""

from __future__ import annotations

from collections import Counter

import pytest

from claimtrack.schema import Document
from claimtrack.settings import Settings
from nlp.strategies import CONTEXT, STRATEGIES


@pytest.fixture(scope="module")
def extractor():
    from nlp import Extractor

    return Extractor(Settings()).load()


# (case id, lang, title, text, value text, claimant id or None, strategy or None, url, date)
CASES = [
    # quoted speech: the speaker introduced before the quotation, or named right after it
    ("en-quote-before", "en", "", 'Kyle Fish said: "My honest guess is about 20% for current models."',
     "about 20%", "kyle-fish", "quoted-speech", None, None),
    ("zh-quote-before", "zh", "", "凯尔·菲什说：“我的真实估计是当前模型大约有 20% 的可能。”",
     "大约有 20%", "kyle-fish", "quoted-speech", None, None),
    ("en-quote-after", "en", "", '"We could see 15% of call-centre jobs go within two years," Jared Kaplan said.',
     "15%", "jared-kaplan", "quoted-speech", None, None),
    # a model's own report about itself
    ("en-self-report", "en", "", "Asked about its inner life, Claude Opus 4 assigned itself a 10% chance of being "
     "conscious.", "10%", "claude-opus-4", "model-self-report", None, None),
    ("zh-self-report", "zh", "", "在被问及内在体验时，Claude Opus 4 认为自己有意识的概率约为 10%。",
     "约为 10%", "claude-opus-4", "model-self-report", None, None),
    ("en-self-report-it", "en", "", "The team then questioned Claude Sonnet 4.5 at length. It rated its own odds "
     "of having feelings at 5%.", "5%", "claude-sonnet-4-5", "model-self-report", None, None),
    # a named view
    ("en-named-view", "en", "", "Dario Amodei's view: roughly 25% of routine office tasks will be automated.",
     "roughly 25%", "dario-amodei", "named-view", None, None),
    ("zh-named-view", "zh", "", "达里奥·阿莫代的看法：大约 25% 的日常办公任务会被自动化。",
     "大约 25%", "dario-amodei", "named-view", None, None),
    ("en-named-view-adjective", "en", "", "Jared Kaplan's rough estimate puts routine coding work at 60% automated.",
     "60%", "jared-kaplan", "named-view", None, None),
    ("en-named-view-s-apostrophe", "en", "", "By Chalmers' reckoning, 30% is a fair credence for models of the next decade.",
     "30%", "david-chalmers", "named-view", None, None),
    # a named view in brackets after the value
    ("en-named-view-after", "en", "", "Odds that present chatbots feel anything: < 5 % (Kyle Fish's rough estimate).",
     "< 5 %", "kyle-fish", "named-view", None, None),
    ("zh-named-view-after", "zh", "", "现有聊天机器人有感受的概率：约 5%（凯尔·菲什的粗略估计）。",
     "约 5%", "kyle-fish", "named-view", None, None),
    ("en-bracket-no-view", "en", "", "Odds that present chatbots feel anything: 5% (Kyle Fish disagrees).",
     "5%", None, None, None, None),
    # according to
    ("en-according", "en", "", "According to Sam Altman, 40% of the company's code is now machine-written.",
     "40%", "sam-altman", "according-to", None, None),
    ("zh-according", "zh", "", "据萨姆·奥尔特曼介绍，公司 40% 的代码已由机器编写。", "40%", "sam-altman",
     "according-to", None, None),
    ("en-reported-by", "en", "", "According to Reuters, Jared Kaplan estimated that 30% of lab tasks are automated.",
     "30%", "jared-kaplan", "according-to", None, None),
    ("zh-reported-by", "zh", "", "据路透社报道，贾里德·卡普兰估计，30% 的实验室任务已经自动化。", "30%",
     "jared-kaplan", "according-to", None, None),
    ("en-anonymous", "en", "", "According to people familiar with the matter, 35% of the staff will move.",
     "35%", None, None, None, None),
    ("zh-anonymous", "zh", "", "据知情人士透露，35% 的员工将调岗。", "35%", None, None, None, None),
    # a title names someone the entities file does not know only after an interview label or
    # before a speech verb ('Interview: X on ...', 'X says ...', '专访X'); a model's name is no one
    ("en-title-unknown-after-label", "en", "Interview: Priya Raman on the odds of AI catastrophe",
     "Q: What is your overall probability that AI leads to a catastrophe?\n\nA: I would say around 20%.",
     "around 20%", "priya-raman", "pronoun", None, None),  # 'I' in a Q&A's answer: the guest the title names
    ("zh-title-unknown-after-label", "zh", "专访普丽娅·拉曼：AI 灾难的几率",
     "问：您怎么看 AI 的风险？\n\n答：我认为本世纪 AI 引发灾难的概率大约是 20%。", "大约是 20%", "普丽娅-拉曼", "pronoun",
     None, None),
    ("en-title-unknown-before-verb", "en", "Miriam Okafor says the odds are worse than she thought",
     "The odds of catastrophe are about 50%, she told the programme.", "about 50%", "miriam-okafor", "title",
     None, None),
    ("en-title-a-model-is-no-person", "en", "Claude AI Shows Limited Introspection",
     "In the tests the model spotted the injected idea about 20% of the time.", "about 20%", "anthropic",
     "model-measured", None, None),
    # a study cited without its author, who is named in the next sentence as the one who made it
    ("en-study-named-after", "en", "", "A survey of nurses found that the median respondent expects 30% of "
     "shifts to be automated. The study was run by the Halvorsen Foundation.", "30%", "halvorsen-foundation",
     "study-named-after", None, None),
    ("zh-study-named-after", "zh", "", "一项针对护士的调查发现，受访者预计约 30% 的班次将被自动化。该调查由哈尔沃森基金会组织。",
     "约 30%", "哈尔沃森基金会", "study-named-after", None, None),
    ("en-study-next-sentence-not-its-author", "en", "", "A survey found that 30% of nurses expect automation. "
     "Tom Baker, a nurse in Ohio, said the study worried him.", "30%", None, None, None, None),
    ("zh-study-next-sentence-not-its-author", "zh", "", "一项调查发现，约 30% 的护士预计会被自动化。护士李华说，这项调查让她担忧。",
     "约 30%", None, None, None, None),
    # a lead that gives a figure and names nobody, then says who presented it (delayed attribution)
    ("en-presenter-after", "en", "", "About 70% of the firm's new software is now drafted by its own coding "
     "assistant. Review, not typing, has become the slow step.\n\nNadia Ferreira, a staff engineer at Tallis "
     "Systems, presented the figures at a developer conference in Lisbon.", "About 70%", "nadia-ferreira",
     "presenter-after", None, None),
    ("zh-presenter-after", "zh", "", "约七成的新代码如今由公司自己的编程助手起草，审查取代打字成了最慢的一环。\n\n"
     "塔利斯系统公司的资深工程师林嘉怡在里斯本的开发者大会上介绍了这些数据。", "约七成", "林嘉怡", "presenter-after", None, None),
    ("zh-hant-presenter-after", "zh", "", "約七成的新代碼如今由公司自己的編程助手起草。\n\n"
     "塔利斯系統公司的資深工程師林嘉怡在里斯本的開發者大會上介紹了這些數據。", "約七成", "林嘉怡", "presenter-after", None, None),
    ("en-presenter-after-says-something-else", "en", "", "About 70% of new code is drafted by the assistant."
     "\n\nNadia Ferreira, a staff engineer at Tallis Systems, said she likes Lisbon.", "About 70%", None, None,
     None, None),
    ("zh-presenter-after-says-something-else", "zh", "", "约七成的新代码如今由编程助手起草。\n\n资深工程师林嘉怡说她喜欢里斯本。",
     "约七成", None, None, None, None),
    # an aside in brackets between the speaker and the verb says where they work, not who spoke
    ("zh-aside-before-verb", "zh", "", "林嘉怡（北沼研究所研究员）表示，概率约为30%。", "约为30%", "林嘉怡", "speech-verb",
     None, None),
    ("zh-aside-org-before-verb", "zh", "", "林嘉怡（北沼研究所）表示，概率约为30%。", "约为30%", "林嘉怡", "speech-verb",
     None, None),
    ("zh-aside-after-an-org", "zh", "", "北沼研究所（一家独立机构）表示，概率约为30%。", "约为30%", "北沼研究所", "speech-verb",
     None, None),
    ("en-aside-before-verb", "en", "", "Varga (Northmoor Institute) said the odds are about 30%.", "about 30%", "varga",
     "speech-verb", None, None),
    # a show's part label is no person: 'Episode 7: Tomas Berg (Harlow Centre ...)' names the guest
    ("en-episode-label-is-no-name", "en", "Ep. 7 — Tomas Berg", "## Episode 7: Tomas Berg (Harlow Centre for Grid "
     "Research)\n\nWhat we covered this week:\n\n- Storage: puts the share of new solar paired with batteries by "
     "2030 at 40%.", "40%", "tomas-berg", "lead", None, None),
    # '介绍' (explained, briefed) is a speech verb: '周嘉敏介绍，……'; '据介绍' (it was explained) names nobody
    ("zh-jieshao", "zh", "", "周嘉敏介绍，按保守口径估算，这次寒潮共造成约1200例额外就诊。", "约1200例", "周嘉敏", "speech-verb",
     None, None),
    ("zh-hant-jieshao", "zh", "", "周嘉敏介紹，按保守口徑估算，這次寒潮共造成約1200例額外就診。", "約1200例", "周嘉敏",
     "speech-verb", None, None),
    ("zh-ju-jieshao", "zh", "", "据介绍，这次寒潮共造成约1200例额外就诊。", "约1200例", None, None, None, None),
    ("en-explained", "en", "", "Zhou Jiamin explained that the cold snap raised clinic visits by about 12%.",
     "about 12%", "zhou-jiamin", "speech-verb", None, None),
    # '据悉' / '据称' (it is learned, it is said) name no source: the name after them is the actor
    ("zh-impersonal", "zh", "", "据悉，Meta 首席执行官亲自出面，开出最高 1 亿美元的签约奖金。", "最高 1 亿美元",
     None, None, None, None),
    ("zh-hant-impersonal", "zh", "", "據稱，OpenAI 向 40% 的員工發放了留任獎金。", "40%", None, None, None, None),
    ("en-impersonal", "en", "", "Reportedly, Meta's chief executive stepped in himself, offering 40% more pay.",
     "40%", None, None, None, None),
    ("zh-impersonal-then-verb", "zh", "", "据悉，萨姆·奥尔特曼表示，40% 的员工收到了报价。", "40%", "sam-altman",
     "speech-verb", None, None),
    # the nearest speech verb before the value, and who stands before it
    ("en-verb", "en", "", "Jared Kaplan told reporters that 12% of requests were refused.", "12%",
     "jared-kaplan", "speech-verb", None, None),
    ("zh-verb", "zh", "", "贾里德·卡普兰告诉记者，12% 的请求被拒绝。", "12%", "jared-kaplan", "speech-verb", None, None),
    # a role of an organisation with no name: the one person the title names as its speaker holds it
    ("en-unnamed-role-title", "en", "Lena Marsh: a third of ports will run themselves",
     "The Harbour Institute's chief economist says 30% of ports could be automated by 2035.", "30%",
     "lena-marsh", "speech-verb", None, None),
    ("zh-unnamed-role-title", "zh", "韩立民：三成工厂将在2030年前实现自动化",
     "这位江澜研究院首席经济学家在报告中指出，约 30% 的工厂将实现自动化。", "约 30%", "韩立民", "speech-verb",
     None, None),
    # a role the entities file knows the holder of, on the document's date
    ("en-role", "en", "", "Anthropic's chief executive said 60% of new code is written with AI help.", "60%",
     "dario-amodei", "speech-verb", None, "2025-06-01"),
    ("zh-role", "zh", "", "Anthropic 首席执行官表示，60% 的新代码在 AI 帮助下完成。", "60%", "dario-amodei",
     "speech-verb", None, "2025-06-01"),
    ("en-role-of", "en", "", "The CEO of OpenAI said 45% of its users are students.", "45%", "sam-altman",
     "speech-verb", None, "2025-06-01"),
    # (before the holder took the role: the organisation, not a person)
    ("zh-role-before-holder", "zh", "", "Anthropic 首席执行官表示，60% 的新代码在 AI 帮助下完成。", "60%", "anthropic",
     "speech-verb", None, "2019-06-01"),
    # a misspelt name of a known person, never one of an unknown
    ("en-misspelt", "en", "", "Jared Caplan said 18% of the evaluations were repeated.", "18%",
     "jared-kaplan", "speech-verb", None, None),
    ("en-misspelt-other-name", "en", "", "Jared Kowalski said 18% of the evaluations were repeated.", "18%",
     "jared-kowalski", "speech-verb", None, None),
    # a speech verb after the value
    ("en-verb-after", "en", "", "Around 30% of entry-level jobs could disappear, Dario Amodei said.", "Around 30%",
     "dario-amodei", "speech-verb-after", None, None),
    ("zh-verb-after", "zh", "", "大约 30% 的入门级岗位可能消失，达里奥·阿莫代说。", "大约 30%", "dario-amodei",
     "speech-verb-after", None, None),
    # the speaker named in a short sentence after the quotation
    ("zh-trailing", "zh", "", "「依我看，大约三成的任务已经交给模型了。」\n贾里德·卡普兰说。", "大约三成",
     "jared-kaplan", "trailing-speaker", None, None),
    ("zh-hant-trailing", "zh", "", "「依我看，大約三成的任務已經交給模型了。」\n賈里德·卡普蘭說。", "大約三成",
     "jared-kaplan", "trailing-speaker", None, None),
    # interview turns, and a host telling the guest what they said
    ("en-turn", "en", "", "Lenny: What share of your code does the model write now?\nBen Mann: Probably about "
     "70% on my team.\nLenny: That is a lot.\nBen Mann: It is.", "about 70%", "benjamin-mann", "interview-turn",
     None, None),
    ("zh-turn", "zh", "", "主持人：现在模型写了你们多少代码？\n本·曼：我们团队大概 70%。\n主持人：真不少。\n本·曼：是的。",
     "大概 70%", "benjamin-mann", "interview-turn", None, None),
    ("en-turn-you", "en", "", "Lenny Rachitsky: You have said that 90% of your team's code is written by Claude.\n"
     "Mike Krieger: That is right.\nLenny Rachitsky: Does it worry you?\nMike Krieger: Not much.", "90%",
     "mike-krieger", "pronoun", None, None),  # 'You have said' (a speech verb) resolves 'you'

    ("zh-turn-you", "zh", "", "莱尼：你现在大概 90% 的代码是由 AI 编写的。\n迈克·克里格：没错。\n莱尼：这让你担心吗？\n"
     "迈克·克里格：不太担心。", "大概 90%", "mike-krieger", "interview-turn", None, None),
    # a table row whose first cell names someone
    ("en-table-row", "en", "", "Estimates we collected.\n\n| Researcher | Estimate |\n|---|---|\n| Jared Kaplan | "
     "under 5% |", "under 5%", "jared-kaplan", "table-row", None, None),
    ("zh-table-row", "zh", "", "我们收集到的估计。\n\n| 研究者 | 估计 |\n|---|---|\n| 贾里德·卡普兰 | 不到 5% |", "不到 5%",
     "jared-kaplan", "table-row", None, None),
    # a model referred to as 'it' answering
    ("en-model-answers", "en", "", "The team interviewed Claude Opus 4 before launch. Across the sessions it answered "
     "15 to 20 percent.", "15 to 20 percent", "claude-opus-4", "model-self-report", None, None),
    ("zh-model-answers", "zh", "", "团队在发布前访谈了 Claude Opus 4。在多次访谈中，它回答约为 15%。", "约为 15%", "claude-opus-4",
     "model-self-report", None, None),
    # a line of a list under a speaker's name; a label names nobody
    ("en-list-label", "en", "", "Estimates we collected:\n* Kyle Fish: about 20% for current models\n"
     "* Jared Kaplan: under 5%", "under 5%", "jared-kaplan", "list-label", None, None),
    ("zh-list-label", "zh", "", "我们收集到的估计：\n- 凯尔·菲什：当前模型约 20%\n- 贾里德·卡普兰：不到 5%", "不到 5%",
     "jared-kaplan", "list-label", None, None),
    ("en-label-not-name", "en", "", "Trigger: a 40% rise in flagged requests over one month.", "40%", None, None,
     None, None),
    # a person named in a short lead-in ending in a colon; a spokesperson speaks for the organisation
    ("en-colon", "en", "", "An OpenAI spokesperson filled in one detail: roughly 35% of queries now come from schools.",
     "roughly 35%", "openai", "colon-speaker", None, None),
    ("zh-colon", "zh", "", "贾里德·卡普兰在会后留下一句话：大约 35% 的查询来自学校。", "大约 35%", "jared-kaplan",
     "colon-speaker", None, None),
    ("zh-spokesperson", "zh", "", "OpenAI 发言人表示，约 35% 的查询来自学校。", "约 35%", "openai", "speech-verb",
     None, None),
    ("en-colon-org-subject", "en", "Jared Kaplan on evaluation budgets", "OpenAI has crossed a line: about 35% of "
     "its tests are now automated.", "about 35%", "jared-kaplan", "title", None, None),
    # a pronoun subject in a sentence that names nobody before the value
    ("en-pronoun", "en", "", "Kyle Fish has run welfare evaluations since 2024. He puts the chance that current "
     "models are conscious at about 15%.", "about 15%", "kyle-fish", "pronoun", None, None),
    ("zh-pronoun", "zh", "", "凯尔·菲什自 2024 年起负责福利评估。他估计当前模型有意识的概率约为 15%。", "约为 15%",
     "kyle-fish", "pronoun", None, None),
    # the organisation whose page this is
    ("en-voice", "en", "", "This quarter, refusals of harmless requests fell to 3%.", "3%", "anthropic",
     "document-voice", "https://www.anthropic.com/research/refusal-notes", None),
    ("zh-voice", "zh", "", "本季度，无害请求被拒绝的比例降至 3%。", "3%", "anthropic", "document-voice",
     "https://www.anthropic.com/zh/research/refusal-notes", None),
    ("zh-voice-we", "zh", "", "我们估计，8% 的对话涉及情感话题。", "8%", "anthropic", "pronoun",
     "https://www.anthropic.com/zh/research/welfare-notes", None),
    # a first-person pronoun opening the sentence is the page's own voice too
    ("en-voice-we-opens", "en", "", "We estimate that about 8% of conversations touch on feelings.", "about 8%",
     "anthropic", "pronoun", "https://www.anthropic.com/research/welfare-notes", None),
    ("en-voice-our-opens", "en", "", "Our count puts refusals of harmless requests at 3% this quarter.", "3%",
     "anthropic", "pronoun", "https://www.anthropic.com/research/refusal-notes", None),
    # context: the title, the person named before, the organisation named most
    ("en-title", "en", "Kyle Fish on what welfare tests can show", "The tests are new. The odds that current models "
     "feel anything are about 15%.", "about 15%", "kyle-fish", "title", None, None),
    ("zh-title", "zh", "凯尔·菲什谈福利测试", "测试刚刚起步。当前模型有感受的可能性约为 15%。", "约为 15%", "kyle-fish",
     "title", None, None),
    # a show named after its host names the host, not the guest the episode is about
    ("en-title-show-host", "en", "Lenny's Podcast: Jared Kaplan on evaluation budgets", "The budgets grew. About "
     "35% of the tests are now automated.", "About 35%", "jared-kaplan", "title", None, None),
    ("zh-title-show-host", "zh", "莱尼的播客｜贾里德·卡普兰谈评估预算", "预算涨了。大约 35% 的测试已自动化。", "大约 35%",
     "jared-kaplan", "title", None, None),
    # an organisation the sentence names as what it measures does not keep the title's person out
    ("zh-title-org-in-sentence", "zh", "贾里德·卡普兰谈评估预算", "OpenAI 已经跨过一道门槛：大约 35% 的测试已自动化。",
     "大约 35%", "jared-kaplan", "title", None, None),
    ("en-salience", "en", "", "Notes from a talk by Jared Kaplan.\n\n- Evaluations now take a week.\n\n"
     "- Automated graders agree with people 85% of the time.", "85%", "jared-kaplan", "salience", None, None),
    ("zh-salience", "zh", "", "贾里德·卡普兰演讲笔记。\n\n- 评估现在需要一周。\n\n- 自动评分与人工一致的比例为 85%。", "85%",
     "jared-kaplan", "salience", None, None),
    ("en-main-org", "en", "A new study of chatbot refusals", "Researchers at OpenAI ran the study over a month. "
     "OpenAI published the data in March.\n\nRefusals fell to 4% of requests.", "4%", "openai", "main-org", None,
     None),
    ("zh-main-org", "zh", "一项关于聊天机器人拒答的新研究", "OpenAI 的研究人员进行了为期一个月的研究。OpenAI 在三月公布了数据。\n\n"
     "拒答比例降至 4%。", "4%", "openai", "main-org", None, None),
    # a labelled line that tells the title's guest what they do gives the guest's claim
    ("zh-label-addressing-guest", "zh", "对话本杰明·曼：AI 安全的下一步",
     "贾里德·卡普兰：你现在大概 60% 的时间都花在安全研究上。\n本杰明·曼：差不多，这部分工作越来越重要。", "大概 60%",
     "benjamin-mann", "list-label", None, None),
    ("en-label-addressing-guest", "en", "A conversation with Benjamin Mann",
     "Jared Kaplan: You now spend about 60% of your time on safety research.\nBenjamin Mann: Roughly, and it keeps "
     "growing.", "about 60%", "benjamin-mann", "list-label", None, None),
    # a model measured, nobody named: its maker's finding (the entities file says who makes it)
    ("en-model-maker", "en", "", "In the injection tests, Claude Opus 4.1 noticed the planted concept about 20% of "
     "the time.", "about 20%", "anthropic", "model-maker", None, None),
    ("zh-model-maker", "zh", "", "在注入测试中，Claude Opus 4 大约在 20% 的试验里察觉到了被植入的概念。", "大约在 20%", "anthropic",
     "model-maker", None, None),
    # a model family and tier without a version is still a model, measured, not a speaker
    ("en-model-maker-no-version", "en", "", "Claude Opus shows about 20% introspective accuracy in these trials.",
     "about 20%", "anthropic", "model-maker", None, None),
    ("en-model-maker-product-team", "en", "", "Claude Code shows that roughly 90% of merged changes came from agents.",
     "roughly 90%", "anthropic", "model-maker", None, None),
    ("zh-model-maker-no-version", "zh", "", "Claude Opus 在这些试验中显示出约 20% 的内省准确率。", "约 20%", "anthropic",
     "model-maker", None, None),
    ("en-model-maker-named", "en", "", "At launch Anthropic placed Claude Opus 4 under its ASL-3 safeguards.",
     "ASL-3", "anthropic", "model-maker", None, None),
    ("zh-model-maker-named", "zh", "", "Anthropic 在发布时为 Claude Opus 4 启用了 ASL-3 防护。", "ASL-3", "anthropic",
     "model-maker", None, None),
    ("en-model-maker-other-org", "en", "", "Researchers at OpenAI found that Claude Opus 4 refused 30% of the "
     "requests.", "30%", "openai", "speech-verb", None, None),
    # 'the model' measured, nobody named: the maker of the model named before, not the person named before
    ("en-model-measured", "en", "", "Jared Kaplan spoke about Claude Opus 4 at length.\n\nIn another test the model "
     "refused 84% of the harmful requests.", "84%", "anthropic", "model-measured", None, None),
    ("zh-model-measured", "zh", "", "贾里德·卡普兰详细谈到了 Claude Opus 4。\n\n另一次测试中，模型在 84% 的测试中拒绝了有害请求。",
     "84%", "anthropic", "model-measured", None, None),
    ("en-model-measured-title", "en", "Claude Opus 4 under test", "Jared Kaplan led the review.\n\nThe model refused "
     "84% of the harmful requests.", "84%", "anthropic", "model-measured", None, None),
    # data as the subject: whose data when the sentence says so; else nobody, and no guess from the context
    ("en-data-owner", "en", "", "Pew's figures show that 30% of adults use a chatbot every week.", "30%",
     "pew-research-center", "speech-verb", None, None),
    ("zh-data-owner", "zh", "", "皮尤研究中心的数据显示，30% 的成年人每周使用聊天机器人。", "30%", "pew-research-center",
     "data-subject", None, None),
    ("zh-data-owner-2", "zh", "", "Anthropic 的数据表明，约 20% 的试验中模型察觉到了被注入的概念。", "约 20%", "anthropic",
     "data-subject", None, None),
    ("en-data-nobody", "en", "", "Dario Amodei warned that AI could erase many entry-level jobs. The figures show "
     "entry-level tech hiring fell 40% last year.", "40%", None, None, None, None),
    ("zh-data-nobody", "zh", "", "阿莫代警告说，AI 可能消除大量入门级白领工作。当前数据显示，去年科技业入门级招聘下降了 40%。",
     "40%", None, None, None, None),
    ("zh-data-nobody-2", "zh", "", "本杰明·曼谈了两个小时。统计数据表明，约 60% 的安全研究员在美国工作。", "约 60%", None,
     None, None, None),
    # a line of a list under a heading that names one person; an unnamed role's holder too
    ("en-speaker-heading", "en", "", "Highlights from the investor day\n\nWhat Ana Ruiz said\n\n- Capacity: about 70% "
     "of the new line is built.\n- Hiring: 400 engineers this year.", "about 70%", "ana-ruiz", "speaker-heading",
     None, None),
    ("zh-speaker-heading", "zh", "", "投资者日要点\n\n董事长罗嘉明：三个判断\n\n- 产能：新产线约七成已经建成。\n"
     "- 招聘：今年招聘约400名工程师。", "约七成", "罗嘉明", "speaker-heading", None, None),
    ("en-heading-role-holder", "en", "", "What Ana Ruiz said\n\n- Capacity: Brightline's chairman and CEO expects "
     "about 70% of the new line to be built by June.", "about 70%", "ana-ruiz", "speech-verb", None, None),
    ("en-heading-names-nobody", "en", "", "What we heard this week\n\n- Capacity: about 70% of the new line is "
     "built, the filing says.", "about 70%", None, None, None, None),
    # the one person the lead names, when later paragraphs name nobody ('The team's models put ...')
    ("en-lead", "en", "", "When Ingrid Salo, a hydrologist at the Tamsin Water Institute, surveyed the valley's wells "
     "last spring, the water table had dropped again.\n\nThe team's models put the annual loss of the aquifer at about 4%.",
     "about 4%", "ingrid-salo", "lead", None, None),
    ("zh-lead", "zh", "", "去年春天，水文学家高若岚带领团队走访了山谷里的十二个村庄，逐口测量水井的水位变化。\n\n"
     "团队的模型显示，含水层每年减少约4%。", "约4%", "高若岚", "lead", None, None),
    # ... but what a survey found is the organisation's that ran it, not the lead's person
    ("en-lead-survey-org", "en", "", "When Oskar Lind joined the Fjordvik Tenants Alliance last year, the group had no "
     "data on empty flats.\n\nWhat the survey actually found is that 9% of flats stand empty.", "9%",
     "fjordvik-tenants-alliance", "main-org", None, None),
    ("zh-lead-survey-org", "zh", "", "去年，海湾住房联盟研究员高若岚开始逐户统计全市的空置住房情况。\n\n调查发现，全市约9%的住房空置。",
     "约9%", "海湾住房联盟", "main-org", None, None),
    # a person referred to by a role ('the economist', '这位经济学家'): the person named before
    ("en-role-ref", "en", "", "Tomas Reyes, an economist at Brightwater Bank, spoke at the forum on Monday.\n\n"
     "The economist expects unemployment to peak at 6.5% next year.", "6.5%", "tomas-reyes", "pronoun", None, None),
    ("zh-role-ref", "zh", "", "裕丰银行首席经济学家唐思齐周一在论坛上发言。\n\n这位经济学家预计，明年失业率将在6.5%见顶。",
     "6.5%", "唐思齐", "pronoun", None, None),
    # an op-ed's 'I' is its byline's writer, when the byline stands at the top of the text
    ("en-byline-in-text", "en", "", "By Marta Quist\n\nI expect house prices in the capital to fall 8% next year.",
     "8%", "marta-quist", "pronoun", None, None),
    ("zh-byline-in-text", "zh", "", "文｜钟以宁\n\n我预计，明年省会房价将下跌8%。", "8%", "钟以宁", "pronoun", None, None),
    # 'the alliance' / '该联盟': the organisation named before whose name holds that noun
    ("en-org-by-head", "en", "", "The Ostvik Housing Alliance released its annual Empty Homes Report on Monday.\n\n"
     "The alliance estimates that 9% of homes in the city stand empty.", "9%", "ostvik-housing-alliance", "pronoun",
     None, None),
    ("zh-org-by-head", "zh", "", "海湾住房联盟周一表示，将公布年度空置住房报告。\n\n该联盟称，全市约9%的住房处于空置状态。",
     "约9%", "海湾住房联盟", "pronoun", None, None),
    # speaker labels that give the speaker's role ('委员 孙启明：', '周振宇（港城建设集团总经理）：')
    ("zh-label-with-role", "zh", "", "委员 孙启明：二期工程进度如何？\n\n周振宇（港城建设集团总经理）：目前完成了约七成。\n\n"
     "委员 孙启明：资金够吗？\n\n周振宇：还有约12亿元的缺口。", "约七成", "周振宇", "interview-turn", None, None),
    ("en-label-with-role", "en", "", "Nora Ames (committee chair): How much of the line is finished?\n\n"
     "Rita Holm (Metro Works): About 70% of it.\n\nNora Ames: And the budget?\n\nRita Holm: We are short by $12 million.",
     "About 70%", "rita-holm", "interview-turn", None, None),
    # a job title, then the name (how Chinese news names most people), whatever jieba makes of it
    ("zh-titled-name", "zh", "", "港务局副局长林泽宇在发布会上表示，今年集装箱吞吐量将增长约12%。", "约12%", "林泽宇",
     "speech-verb", None, None),
    # (a transliterated name without its dot, after a title and before a clause break; a Latin name
    # ending in an organisation word is the organisation)
    ("zh-titled-transliterated", "zh", "", "数据公司Fenwick Analytics的首席分析师奥尔德里奇，算了一笔账：约四成球员从未首发。",
     "约四成", "奥尔德里奇", "colon-speaker", None, None),
    ("zh-titled-transliterated-2", "zh", "", "北岸研究所高级研究员维什涅夫斯卡，给出的测算是：约12%的农田将减产。",
     "约12%", "维什涅夫斯卡", "colon-speaker", None, None),
    ("zh-titled-name-doctor", "zh", "", "市儿童医院呼吸科主任医师许明远对记者表示，门诊量增加了两成。", "两成", "许明远",
     "speech-verb", None, None),
    # an answer in a Q&A: the guest's (the one person the title names, else the first the lead names
    # in full); a figure in a question is no one's the context could give
    ("en-qa-answer-lead", "en", "Q&A: The engineer who audited the bridge",
     "Marta Lindgren, a structural engineer at the Polytechnic of Vasse, led an audit of the Kessel bridge. We spoke "
     "to her by phone.\n\nQ: How bad is it?\n\nA: We inspected 400 cables. On those, corrosion affected at least 11%.",
     "at least 11%", "marta-lindgren", "qa-answer", None, None),
    ("zh-qa-answer-lead", "zh", "问答：复核大桥的工程师",
     "结构工程师林玛塔主持了对凯塞尔大桥的独立检测。我们通过电话采访了她。\n\n问：情况有多糟？\n\n答：我们检查了400根缆索，"
     "其中至少11%受到腐蚀。", "至少11%", "林玛塔", "qa-answer", None, None),
    ("en-qa-answer-title", "en", "Q&A with Idris Okonjo", "The freight analyst spoke to us on Friday.\n\n"
     "Q: Where are rates going?\n\nA: Down. Rates fall another 15% before the summer, on current bookings.",
     "15%", "idris-okonjo", "qa-answer", None, None),
    ("en-qa-question-is-nobodys", "en", "Q&A: The engineer who audited the bridge",
     "Marta Lindgren, a structural engineer, led an audit of the Kessel bridge.\n\nQ: Officials put corrosion at "
     "about 3% of the cables. Is that right?\n\nA: No, it is far higher.", "about 3%", None, None, None, None),
    ("zh-qa-question-is-nobodys", "zh", "问答：复核大桥的工程师",
     "结构工程师林玛塔主持了对凯塞尔大桥的独立检测。\n\n问：官方数据是约3%的缆索被腐蚀。您怎么看？\n\n答：远不止。",
     "约3%", None, None, None, None),
    # the writer's own view, with a byline in the text ('My own guess ...', '我自己的猜测……')
    ("en-own-guess-byline", "en", "Opinion: Enough with the forecasts",
     "By Tomas Verhoef\n\nEveryone asks me for a number. My own guess would sit nearer 15%.", "nearer 15%",
     "tomas-verhoef", "pronoun", None, None),
    ("en-my-colleagues-are-not-the-writer", "en", "Opinion: Enough with the forecasts",
     "By Tomas Verhoef\n\nMy colleagues at the bank put the odds at 30%.", "30%", None, None, None, None),
    # a role nobody is named for, whose holder the next sentence (or paragraph) names beside the role
    ("en-role-named-after", "en", "", "The company expects sales to grow about 12% next year, its chief executive "
     "said on Monday. Ana Ruiz, the chief executive, added that margins would hold.", "about 12%", "ana-ruiz",
     "role-named-after", None, None),
    ("en-role-of-named-next-paragraph", "en", "", "The new terminal will cost about 4.2 billion yuan, the chairman "
     "of the state-owned port operator in the city of Kessan told lawmakers this week.\n\nLi Wenbo, chairman of "
     "Harbour Gate Group, said work would start in May.", "about 4.2 billion yuan", "li-wenbo", "role-named-after",
     None, None),
    ("zh-role-named-next-paragraph", "zh", "", "新码头总投资约42亿元，该港口运营商董事长本周对市人大代表表示。\n\n"
     "港门集团董事长李文博说，工程将于五月开工。", "约42亿元", "李文博", "role-named-after", None, None),
    ("zh-role-named-after", "zh", "", "该公司董事长对记者表示，新码头总投资约42亿元。港门集团董事长李文博说，工程年底开工。",
     "约42亿元", "李文博", "role-named-after", None, None),
    # controls: the role's holder named in the sentence; no holder named after; who is told is no speaker
    ("en-role-named-in-the-sentence", "en", "", "The museum drew a record 1.8 million visitors, its director Ana Ruiz "
     "said.", "1.8 million visitors", "ana-ruiz", "speech-verb-after", None, None),
    ("en-role-of-unnamed-stays-unnamed", "en", "", "The new terminal will cost about 4.2 billion yuan, the chairman "
     "of the port operator in Kessan said.", "about 4.2 billion yuan", None, None, None, None),
    ("zh-the-one-told-is-no-speaker", "zh", "", "新码头总投资约42亿元，李文博对张明表示。", "约42亿元", "李文博",
     "speech-verb-after", None, None),
]


def _claim(extractor, lang, title, text, value_text, url, date):
    doc = Document.create(url or f"https://strategies.test/{abs(hash((title, text)))}", text, title=title or None,
                          lang=lang, published=date)
    found = [c for c in extractor.extract(doc) if c.value.text == value_text]
    assert found, f"no claim with value {value_text!r}"
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_strategy(extractor, case):
    _id, lang, title, text, value_text, want, strategy, url, date = case
    c = _claim(extractor, lang, title, text, value_text, url, date)
    assert (c.claimant.id if c.claimant else None) == want, c.attribution
    assert c.attribution_strategy == strategy, c.attribution
    if strategy is not None:
        assert c.attribution and c.claimant and c.claimant.name in c.attribution or strategy == "interview-turn"


def test_pronoun_says_how(extractor):
    c = _claim(extractor, "en", "", "Kyle Fish joined the lab in 2024. It was a quiet start.\n\nHe puts the chance "
               "at about 15%.", "about 15%", None, None)
    assert c.attribution == "pronoun 'He' -> Kyle Fish, named 2 sentences before"


def test_report_every_strategy_decides_two_cases(extractor):
    """How many of the cases above each strategy decides; printed, and at least two each."""
    counts: Counter[str] = Counter()
    for _id, lang, title, text, value_text, _want, _strategy, url, date in CASES:
        c = _claim(extractor, lang, title, text, value_text, url, date)
        counts[c.attribution_strategy or "none"] += 1
    print("cases decided per strategy:", dict(sorted(counts.items())))
    for name in {n for n, _ in STRATEGIES + CONTEXT}:
        assert counts[name] >= 2, (name, dict(counts))


@pytest.mark.parametrize("lang,text", [
    ("en", "The Harbour Institute's chief economist says 25% of dock jobs could be automated."),
    ("zh", "光帆实验室上周发布报告。该实验室首席科学家对记者表示，约 25% 的码头岗位可以自动化。"),
])
def test_an_unnamed_role_of_an_organisation_is_nobody_named(extractor, lang, text):
    """Someone unnamed holds the role, not the organisation: no claimant (another outlet may name
    them, and the cluster then lends its claimant)."""
    [c] = extractor.extract(Document.create(f"https://roles.example/{lang}", text, lang=lang))
    assert c.claimant is None
