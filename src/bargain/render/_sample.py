"""A filled-in sample for checking templates: the Bengbu sector agreement after its procedure.

The parties and four clauses are those of ``examples/bengbu-delivery-sector-agreement.yaml`` (a
test keeps them equal); the procedure record holds the steps of ``examples/bengbu_procedure.py``
plus an illustrative coordination and objection, which that history does not have, so that every
document has something to show. Data in code, not a file: the examples do not ship in the wheel.
"""

from __future__ import annotations

from typing import Any

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event

__all__ = ["SAMPLE_CLAUSES", "sample_history"]

SAMPLE_CLAUSES = ("pay-levels", "hours", "safety", "term")
"""The clauses of the example agreement the sample keeps."""

_AGREEMENT: dict[str, Any] = {
    "id": "bengbu-delivery-sector-agreement",
    "title": "蚌埠市网约送餐行业集体合同",
    "title_en": "Bengbu food-delivery sector collective agreement",
    "kind": "sector",
    "union": {
        "organisations": [
            {
                "id": "bengbu-delivery-union",
                "name": "蚌埠市网约送餐行业工会联合会",
                "name_en": "Bengbu Food-Delivery Sector Union Federation",
                "kind": "sector_union_federation",
                "region": "340300",
                "chair": "杜诚",
            }
        ],
        "delegation": {
            "representatives": [
                {"name": "杜诚", "position": "蚌埠市网约送餐行业工会联合会主席", "chief": True},
                {
                    "name": "刘洋",
                    "position": "专送骑手代表",
                    "affiliation": "六安儒鑫配送物流公司蚌埠分公司",
                },
                {"name": "陈静", "position": "众包骑手代表", "gender": "female"},
                {"name": "吴涛", "position": "行业工会联合会副主席"},
                {
                    "name": "郑律",
                    "position": "律师",
                    "affiliation": "安徽某律师事务所",
                    "outside_expert": True,
                },
            ]
        },
    },
    "employer": {
        "organisations": [
            {
                "id": "ruxin-bengbu",
                "name": "六安儒鑫配送物流公司蚌埠分公司",
                "kind": "enterprise",
                "region": "340300",
                "legal_representative": "黄建国",
            },
            {
                "id": "ruiyan",
                "name": "安徽锐研物流配送公司",
                "kind": "enterprise",
                "legal_representative": "许志远",
            },
            {
                "id": "wanjie",
                "name": "蚌埠市万捷物流配送公司",
                "kind": "enterprise",
                "region": "340300",
                "legal_representative": "马红",
            },
        ],
        "delegation": {
            "representatives": [
                {
                    "name": "王强",
                    "position": "六安儒鑫配送物流公司蚌埠分公司运营经理",
                    "chief": True,
                    "delegation": {
                        "granted_by": "黄建国、许志远、马红（三家企业法定代表人）",
                        "granted_on": "2019-11-20",
                        "reference": "企业方首席协商代表授权委托书",
                    },
                },
                {"name": "赵磊", "position": "安徽锐研物流配送公司站点经理"},
                {
                    "name": "孙丽",
                    "position": "六安儒鑫配送物流公司蚌埠分公司人事主管",
                    "gender": "female",
                },
                {"name": "钱峰", "position": "蚌埠市万捷物流配送公司副总经理"},
                {"name": "冯涛", "position": "蚌埠市万捷物流配送公司财务主管"},
            ]
        },
    },
    "recorder": {"name": "周敏", "affiliation": "蚌埠市劳动关系协调指导中心"},
    "labour_bureau": {
        "id": "bengbu-hrss",
        "name": "蚌埠市人力资源和社会保障局",
        "kind": "labour_bureau",
        "region": "340300",
    },
    "scope": {
        "region": "340300",
        "region_name": "蚌埠市",
        "sector": "food-delivery",
        "sector_name": "网约送餐",
        "enterprises": [
            "六安儒鑫配送物流公司蚌埠分公司",
            "安徽锐研物流配送公司",
            "蚌埠市万捷物流配送公司",
        ],
        "headcount": {"labour_relationship": 300, "managed": 1200, "part_time": 200},
    },
    "term": {"start": "2020-01-01", "end": "2022-12-31"},
    "clauses": [
        {
            "id": "pay-levels",
            "kind": "PAY",
            "heading": "劳动报酬",
            "heading_en": "Pay",
            "text": "企业按照“多劳多得、优劳优酬”的原则确定骑手报酬，基础配送单价每单4.5元；与企业建立劳动关系的专送骑手每月收入不低于2100元；延长工作时间、休息日和法定休假日工作的，分别按照不低于本人工资的150%、200%、300%支付加班工资；工资于每月15日以货币形式足额支付；报酬标准每年协商调整，年度增幅不低于5%。",
            "text_en": "Pay follows the work done; the base rate is 4.5 yuan an order; "
            "employed riders earn at least 2,100 yuan a month; extended hours, "
            "rest days and statutory holidays are paid at 150 %, 200 % and 300 %; "
            "wages are paid in money on the 15th of each month; pay rises by at "
            "least 5 % a year.",
            "applies_to": ["labour_relationship"],
            "piece_rate": {"amount": "4.5", "per": "order"},
            "monthly_floor": {"amount": "2100", "per": "month"},
            "overtime_premium": "150",
            "rest_day_premium": "200",
            "holiday_premium": "300",
            "payment_day": 15,
            "annual_increase": "5",
            "allowances": [
                {
                    "name": "高温津贴",
                    "kind": "high_temperature",
                    "amount": {"amount": "300", "per": "month"},
                    "condition": "每年6月至9月",
                },
                {
                    "name": "恶劣天气补贴",
                    "kind": "bad_weather",
                    "amount": {"amount": "2", "per": "order"},
                    "condition": "雨雪、大风等恶劣天气期间完成的订单",
                },
            ],
        },
        {
            "id": "hours",
            "kind": "HOURS",
            "heading": "工作时间",
            "heading_en": "Working time",
            "text": "专送骑手实行标准工时制度，每日工作不超过8小时、每周不超过40小时；确需延长工作时间的，须与工会协商，每日一般不超过1小时、每月不超过36小时。骑手连续接单满4小时的，系统推送休息提示并停止派单20分钟；每日工作时间（接单时间加宽放时间60分钟）满10小时的，当日停止派单。",
            "text_en": "Employed riders work standard hours, at most 8 a day and 40 a week; "
            "overtime needs union consultation and stays within 1 hour a day and "
            "36 a month. After 4 hours of continuous orders the system stops "
            "dispatch for 20 minutes; after 10 hours of working time in a day "
            "(order time plus 60 minutes of allowance time) it stops for the day.",
            "system": "standard",
            "daily_hours": "8",
            "weekly_hours": "40",
            "overtime_max_daily": "1",
            "overtime_max_monthly": "36",
            "max_continuous_order_hours": "4",
            "rest_after_continuous_minutes": 20,
            "max_daily_working_hours": "10",
            "allowance_minutes_per_day": 60,
        },
        {
            "id": "safety",
            "kind": "OSH",
            "heading": "劳动安全卫生",
            "heading_en": "Safety and health",
            "text": "企业为骑手免费配发头盔、雨衣、反光背心和防暑降温用品；每年组织交通安全培训不少于8学时，每年组织一次健康体检；同时配送订单不超过5单。日最高气温达到35℃时，配送时限延长10分钟；达到40℃时，12时至15时停止户外配送；雨雪天气配送时限延长15分钟并发放恶劣天气补贴；台风红色预警期间停止配送。",
            "text_en": "Free helmets, raincoats, reflective vests and heat-protection "
            "supplies; at least 8 hours of traffic-safety training and one health "
            "check a year; at most 5 orders carried at once. At 35 °C delivery "
            "times are extended by 10 minutes; at 40 °C outdoor delivery stops "
            "from 12:00 to 15:00; in rain or snow delivery times are extended by "
            "15 minutes with the bad-weather subsidy; delivery stops under a red "
            "typhoon warning.",
            "weather_measures": [
                {
                    "condition": "heat",
                    "temperature_celsius": "35",
                    "delivery_time_extension_minutes": 10,
                },
                {
                    "condition": "heat",
                    "temperature_celsius": "40",
                    "threshold": "12时至15时",
                    "suspends_outdoor_work": True,
                },
                {
                    "condition": "rain",
                    "delivery_time_extension_minutes": 15,
                    "subsidy": {"amount": "2", "per": "order"},
                },
                {
                    "condition": "snow",
                    "delivery_time_extension_minutes": 15,
                    "subsidy": {"amount": "2", "per": "order"},
                },
                {
                    "condition": "typhoon",
                    "threshold": "台风红色预警",
                    "suspends_outdoor_work": True,
                },
            ],
            "protective_equipment": ["头盔", "雨衣", "反光背心", "防暑降温用品"],
            "safety_training_hours_per_year": "8",
            "health_checks_per_year": 1,
            "max_concurrent_orders": 5,
        },
        {
            "id": "term",
            "kind": "TERM",
            "heading": "合同期限",
            "heading_en": "Term",
            "text": "本合同期限为3年，自2020年1月1日起至2022年12月31日止。期满前3个月内，任何一方均可向对方提出重新签订或续订的要求。",
            "text_en": "This agreement runs for 3 years, from 1 January 2020 to 31 December "
            "2022. Within the 3 months before expiry either side may ask to renew "
            "it.",
            "duration_months": 36,
            "renewal_request_months": 3,
        },
    ],
}

_PROCEDURE: dict[str, Any] = {
    "version": 14,
    "offer": {
        "from_side": "union",
        "sent_on": "2019-11-06",
        "received_on": "2019-11-06",
        "topics": ["劳动报酬", "劳动保护", "算法规则"],
        "reply_due": {
            "start": "2019-11-06",
            "days": 20,
            "due": "2019-11-26",
            "convention": "civil_code",
        },
    },
    "reply": {"accepted": True, "on": "2019-11-27", "late_days": 1},
    "meetings": [
        {
            "number": 1,
            "on": "2019-11-29",
            "chair": "union",
            "place": "蚌埠市总工会",
            "topics": ["劳动报酬", "劳动保护", "算法规则"],
        },
        {
            "number": 2,
            "on": "2019-12-03",
            "chair": "employer",
            "place": "蚌埠市总工会",
            "topics": ["劳动报酬"],
            "summary": "就配送单价、保底收入达成一致",
        },
    ],
    "coordination": {
        "since": "2019-11-12",
        "requested_by": "union_chief",
        "reason": "企业方对算法规则议题是否纳入协商有异议",
        "due": {"start": "2019-11-12", "days": 30, "due": "2019-12-12", "convention": "civil_code"},
        "outstanding": ["订单分配规则的公示方式"],
        "concluded_on": "2019-11-20",
    },
    "draft_agreed_on": "2019-12-05",
    "congress": {
        "kind": "sector_congress",
        "held_on": "2019-12-10",
        "members": 180,
        "present": 150,
        "in_favour": 132,
        "against": 10,
        "abstaining": 8,
        "adopted": True,
    },
    "signed_on": "2019-12-11",
    "filing_due": {
        "start": "2019-12-11",
        "days": 10,
        "due": "2019-12-23",
        "convention": "civil_code",
    },
    "filing": {
        "filed_on": "2019-12-12",
        "received_on": "2019-12-12",
        "filed_by": "union",
        "copies": 3,
        "review_ends": {
            "start": "2019-12-12",
            "days": 15,
            "due": "2019-12-27",
            "convention": "civil_code",
        },
    },
    "objection": {
        "served_on": "2019-12-20",
        "opinion": "第二条关于加班的约定应写明每月加班不超过36小时的计算办法。",
        "items": ["hours"],
    },
    "effective_on": "2019-12-28",
    "publication_due": {
        "start": "2019-12-28",
        "days": 10,
        "due": "2020-01-07",
        "convention": "civil_code",
    },
    "published_on": "2020-01-03",
}


def sample_history() -> tuple[Agreement, list[Event]]:
    """The sample agreement, published, with its procedure record (and so no events needed)."""
    data = {**_AGREEMENT, "status": "published", "procedure": _PROCEDURE}
    return Agreement.model_validate(data), []
